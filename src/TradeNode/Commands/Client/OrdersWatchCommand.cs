using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode orders watch</c>: every change of this node's orders.</summary>
internal sealed class OrdersWatchCommand : ClientCommand
{
    private readonly WatchOptions _watch;

    public OrdersWatchCommand()
        : base("watch", "Print every change of this node's orders as it happens, until Ctrl+C.", "tradenode orders watch", "tradenode orders watch --json --count 5")
    {
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var call = context.Connection.Orders.Watch(new WatchOrdersRequest(), cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), order =>
        {
            if (context.Json)
            {
                context.WriteJson(order);
                return;
            }

            context.Output.WriteLine($"{order.OrderId}  {OrderDisplay.Role(order.Role)}  {OrderDisplay.State(order.State)}  next {order.NextAction}");
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
