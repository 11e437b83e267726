using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades watch</c>: every change of this node's trades.</summary>
internal sealed class TradesWatchCommand : ClientCommand
{
    private readonly WatchOptions _watch;

    public TradesWatchCommand()
        : base("watch", "Print every change of this node's trades as it happens, until Ctrl+C.", "tradenode trades watch", "tradenode trades watch --json --count 5")
    {
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var call = context.Connection.Trades.Watch(new WatchTradesRequest(), cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), trade =>
        {
            if (context.Json)
            {
                context.WriteJson(trade);
                return;
            }

            context.Output.WriteLine($"{trade.TradeId}  {TradeDisplay.Role(trade.Role)}  {TradeDisplay.Side(trade.Side)}  {TradeDisplay.State(trade.State)}  next {trade.NextAction}");
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
