using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode orders ...</c>: buying listings and walking this node's orders (as buyer or vendor) to the payout.</summary>
internal sealed class OrdersCommand : Command
{
    public OrdersCommand()
        : base("orders", "Goods orders: buy a listing, accept or decline, mark fulfilled, confirm receipt, refund, list and watch.")
    {
        Subcommands.Add(new OrdersPlaceCommand());
        Subcommands.Add(new OrdersListCommand());
        Subcommands.Add(new OrdersGetCommand());
        Subcommands.Add(new OrdersStepCommand("accept", "Vendor: accept a funded order (signs the contract).", null,
            (c, id, _, t) => c.Orders.AcceptAsync(new AcceptOrderRequest { OrderId = id }, cancellationToken: t).ResponseAsync,
            "tradenode orders accept 9b0e..."));
        Subcommands.Add(new OrdersStepCommand("decline", "Vendor: decline a funded order; the escrow goes back to the buyer (both sign the refund).", "--reason",
            (c, id, text, t) => c.Orders.DeclineAsync(new DeclineOrderRequest { OrderId = id, Reason = text }, cancellationToken: t).ResponseAsync,
            "tradenode orders decline 9b0e... --reason \"out of stock\""));
        Subcommands.Add(new OrdersStepCommand("fulfil", "Vendor: the goods were sent (needs the funding confirmed).", "--note",
            (c, id, text, t) => c.Orders.MarkFulfilledAsync(new MarkFulfilledRequest { OrderId = id, TrackingNote = text }, cancellationToken: t).ResponseAsync,
            "tradenode orders fulfil 9b0e... --note \"DHL 00340434161094042557\""));
        Subcommands.Add(new OrdersStepCommand("confirm-receipt", "Buyer: the goods arrived; signs the payout to the vendor, who broadcasts it.", null,
            (c, id, _, t) => c.Orders.ConfirmReceiptAsync(new ConfirmReceiptRequest { OrderId = id }, cancellationToken: t).ResponseAsync,
            "tradenode orders confirm-receipt 9b0e..."));
        Subcommands.Add(new OrdersStepCommand("refund", "Vendor: refund an accepted order before the payout; the escrow goes back to the buyer.", "--reason",
            (c, id, text, t) => c.Orders.RefundAsync(new RefundOrderRequest { OrderId = id, Reason = text }, cancellationToken: t).ResponseAsync,
            "tradenode orders refund 9b0e... --reason \"broken in transit\""));
        Subcommands.Add(new OrdersWatchCommand());
    }
}
