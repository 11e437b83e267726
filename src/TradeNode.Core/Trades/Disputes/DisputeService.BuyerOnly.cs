using TradeNode.Bitcoin.Bip32;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Disputes;

public sealed partial class DisputeService
{
    /// <summary>
    /// Arbitrator: what it can check of a buyer-only case (a goods order the vendor never signed) without the vendor.
    /// Problems refuse the case: the contract checks (all but the vendor's key), is a goods contract, carries the
    /// buyer's valid signature, and carries a listing version signed by the contract's vendor node key whose hash is the
    /// contract's <c>listing_version_hash</c>. The vendor's escrow key is compared with the one the listing's published
    /// extended public key derives at the trade's index; a mismatch (the vendor's key may not be in the escrow, as for
    /// an order the vendor refused without a refund) is only recorded in <paramref name="findings"/>: the decision is a
    /// refund to the buyer, which the buyer's and the arbitrator's keys sign without the vendor.
    /// </summary>
    private List<string> CheckBuyerOnlyCase(SignedTradeContract signed, TradeContract contract, out string findings)
    {
        findings = string.Empty;
        var problems = TradeContracts.Check(contract, Network, checkSellerKey: false).ToList();
        if (contract.Kind != TradeKind.Goods)
        {
            problems.Add("Only a goods order can be disputed by its buyer alone.");
        }

        if (!NodeKey.TryCreate(contract.BuyerNodeKey.Span, out var buyer) || !TradeContracts.Verify(buyer, signed.Contract.Span, signed.BuyerSignature.Span))
        {
            problems.Add("The buyer's signature on the contract is missing or wrong.");
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        var vendor = NodeKey.Create(contract.SellerNodeKey.Span);
        if (ContractListings.Read(contract, vendor, Network, "The listing version in the contract is not signed by the contract's vendor.", problems) is not { } listing)
        {
            return problems;
        }

        if (!ExtPubKey.TryParse(listing.EscrowXpub, Network, out var vendorAccount)
            || !EscrowKeyDerivation.DerivePubKey(vendorAccount, contract.TradeId).ToBytes().AsSpan().SequenceEqual(contract.SellerEscrowKey.Span))
        {
            findings = "The contract's vendor escrow key is not the one the vendor's listing derives for this order: only the buyer's and the arbitrator's keys are known to be in the escrow.";
        }

        return problems;
    }
}
