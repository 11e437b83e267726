using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings get ID</c>: one listing, every field.</summary>
internal sealed class ListingsGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("listing-id") { Description = "The listing's id (from listings search)." };

    public ListingsGetCommand()
        : base("get", "Show one listing with its description, shipping options and terms.", "tradenode listings get 9c1e...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var listing = await context.Connection.Listings.GetAsync(new GetListingRequest { ListingId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (context.Json)
        {
            return context.Print(listing, () => { });
        }

        // A fiat price is shown with its approximate satoshis at this node's reference price, when it has one.
        MarketPrice? reference = null;
        if (listing.Content?.Price?.ValueCase == Price.ValueOneofCase.Fiat)
        {
            reference = await context.Connection.Offers.GetMarketPriceAsync(new GetMarketPriceRequest { Currency = listing.Content.Price.Fiat.Currency }, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        return context.Print(listing, () => ListingDisplay.Write(context.Output, listing, reference));
    }
}
