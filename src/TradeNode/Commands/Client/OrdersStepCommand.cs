using System.CommandLine;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>
/// <c>tradenode orders VERB ID [--reason|--note TEXT]</c>: one step of an order (accept, decline, fulfil,
/// confirm-receipt, refund); prints the order as it now is.
/// </summary>
internal sealed class OrdersStepCommand : ClientCommand
{
    private readonly Argument<string> _id = new("order-id") { Description = "The order's id (from orders list)." };
    private readonly Option<string>? _text;
    private readonly Func<ApiConnection, string, string, CancellationToken, Task<Order>> _call;

    public OrdersStepCommand(string name, string description, string? textOption, Func<ApiConnection, string, string, CancellationToken, Task<Order>> call, params string[] examples)
        : base(name, description, examples)
    {
        _call = call;
        Arguments.Add(_id);
        if (textOption is not null)
        {
            _text = new Option<string>(textOption) { Description = "Shown to the buyer.", HelpName = "text" };
            Options.Add(_text);
        }
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var text = _text is null ? string.Empty : parseResult.GetValue(_text) ?? string.Empty;
        var order = await _call(context.Connection, parseResult.GetValue(_id)!.Trim(), text, cancellationToken).ConfigureAwait(false);
        return context.Print(order, () =>
        {
            context.Output.WriteLine($"Order {order.OrderId}: {OrderDisplay.State(order.State)}, next {order.NextAction}.");
        });
    }
}
