using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades list</c>: this node's trades, newest first.</summary>
internal sealed class TradesListCommand : ClientCommand
{
    private readonly Option<bool> _open = new("--open") { Description = "Only trades still running." };

    private readonly Option<bool> _closed = new("--closed") { Description = "Only completed, refused, cancelled and failed trades." };

    public TradesListCommand()
        : base("list", "List this node's trades, newest first, with what to do next in each.", "tradenode trades list --open", "tradenode trades list --closed --json")
    {
        Options.Add(_open);
        Options.Add(_closed);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var open = parseResult.GetValue(_open);
        var closed = parseResult.GetValue(_closed);
        if (open && closed)
        {
            throw new UsageException("Give --open or --closed, not both.");
        }

        var request = new ListTradesRequest { Status = open ? TradeStatusFilter.Open : closed ? TradeStatusFilter.Closed : TradeStatusFilter.Unspecified };
        var response = await context.Connection.Trades.ListAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => TradeDisplay.Write(context.Output, response));
    }
}
