using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode orders get ID</c>: one order, every field.</summary>
internal sealed class OrdersGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("order-id") { Description = "The order's id (from orders list)." };

    public OrdersGetCommand()
        : base("get", "Show one order: listing, amounts, escrow, transactions, shipping and the next action.", "tradenode orders get 9b0e...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var order = await context.Connection.Orders.GetAsync(new GetOrderRequest { OrderId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(order, () => OrderDisplay.Write(context.Output, order));
    }
}
