using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode offers mine</c>: this node's own open offers.</summary>
internal sealed class OffersMineCommand : ClientCommand
{
    public OffersMineCommand()
        : base("mine", "List this node's own open offers.", "tradenode offers mine")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Offers.ListMineAsync(new ListMyOffersRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => OffersListCommand.Write(context.Output, response));
    }
}
