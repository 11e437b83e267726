using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode listings mine</c>: this node's own listings.</summary>
internal sealed class ListingsMineCommand : ClientCommand
{
    public ListingsMineCommand()
        : base("mine", "List this node's own listings.", "tradenode listings mine")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Listings.ListMineAsync(new ListMyListingsRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => ListingDisplay.WriteTable(context.Output, response));
    }
}
