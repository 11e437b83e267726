using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode orders list</c>: this node's orders, newest first.</summary>
internal sealed class OrdersListCommand : ClientCommand
{
    private readonly Option<bool> _open = new("--open") { Description = "Only orders still running." };

    private readonly Option<bool> _closed = new("--closed") { Description = "Only completed, refunded, declined, refused and failed orders." };

    private readonly Option<string> _role = new("--role") { Description = "Only orders where this node is the buyer or the vendor.", HelpName = "buyer|vendor" };

    public OrdersListCommand()
        : base("list", "List this node's orders, newest first, with what to do next in each.", "tradenode orders list --open --role vendor", "tradenode orders list --closed --json")
    {
        Options.Add(_open);
        Options.Add(_closed);
        Options.Add(_role);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var open = parseResult.GetValue(_open);
        var closed = parseResult.GetValue(_closed);
        if (open && closed)
        {
            throw new UsageException("Give --open or --closed, not both.");
        }

        var role = parseResult.GetValue(_role)?.Trim().ToLowerInvariant() switch
        {
            null or "" => OrderRole.Unspecified,
            "buyer" => OrderRole.Buyer,
            "vendor" => OrderRole.Vendor,
            _ => throw new UsageException("--role is buyer or vendor."),
        };
        var request = new ListOrdersRequest { Status = open ? OrderStatusFilter.Open : closed ? OrderStatusFilter.Closed : OrderStatusFilter.Unspecified, Role = role };
        var response = await context.Connection.Orders.ListAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => OrderDisplay.Write(context.Output, response));
    }
}
