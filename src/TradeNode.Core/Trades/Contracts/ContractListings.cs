using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Trades.Contracts;

/// <summary>The listing version a goods contract carries (its <c>terms_item</c>), read and checked.</summary>
internal static class ContractListings
{
    /// <summary>
    /// The listing inside <paramref name="contract"/> when it parses, is signed by <paramref name="signer"/>, is the
    /// version the contract's <c>listing_version_hash</c> names, and decodes; otherwise null, with the first problem
    /// added to <paramref name="problems"/> (<paramref name="notSignedProblem"/> when the signer is wrong).
    /// </summary>
    public static Listing? Read(TradeContract contract, NodeKey signer, Network network, string notSignedProblem, List<string> problems)
    {
        SignedItem item;
        ItemContent content;
        try
        {
            item = SignedItem.Parser.ParseFrom(contract.TermsItem);
            content = ItemContent.Parser.ParseFrom(item.Content);
        }
        catch (InvalidProtocolBufferException)
        {
            problems.Add("The contract does not carry a listing item.");
            return null;
        }

        if (!content.Author.Span.SequenceEqual(signer.Span) || !signer.Verify(ItemValidator.SigningMessage(item.Content.Span), item.Signature.Span))
        {
            problems.Add(notSignedProblem);
            return null;
        }

        if (ItemId.Compute(item.Content.Span).ToString() != contract.ListingVersionHash)
        {
            problems.Add("The contract's listing version hash is not the hash of the listing version it carries.");
            return null;
        }

        var listing = ListingCodec.TryDecode(content, network, out var reason);
        if (listing is null)
        {
            problems.Add($"The listing version in the contract does not decode: {reason}.");
        }

        return listing;
    }
}
