using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>How goods orders read in the trades screen and the order view.</summary>
public static class OrderText
{
    /// <summary>"Funded", "Payout signed", … from the order state.</summary>
    public static string State(OrderState state) => state switch
    {
        OrderState.Funding => "Funding",
        OrderState.Funded => "Funded",
        OrderState.Accepted => "Accepted",
        OrderState.Fulfilled => "Fulfilled",
        OrderState.PayoutSigned => "Payout signed",
        OrderState.PayoutPublished => "Payout published",
        OrderState.Completed => "Completed",
        OrderState.RefundSigned => "Refund signed",
        OrderState.RefundPublished => "Refund published",
        OrderState.Refunded => "Refunded",
        OrderState.Declined => "Declined",
        OrderState.Refused => "Refused",
        OrderState.Failed => "Failed",
        OrderState.EscrowNeedsDispute => "Escrow needs a dispute",
        OrderState.AwaitingFunding => "Awaiting funding",
        OrderState.Disputed => "Disputed",
        OrderState.Resolved => "Resolved",
        _ => "Unknown",
    };

    /// <summary>"buy" or "sell" for this node's role.</summary>
    public static string Role(OrderRole role) => role == OrderRole.Vendor ? "sell" : "buy";

    /// <summary>The node's next_action as a sentence.</summary>
    public static string NextAction(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.NextAction switch
        {
            "accept_or_decline" => "Accept or decline the order",
            "fulfil" => order.FundingConfirmed ? "Ship the goods, then mark the order fulfilled" : "Wait for the funding to confirm, then ship",
            "confirm_receipt" => "Confirm receipt once the goods arrived",
            "open_dispute" when order.State == OrderState.Funded => "The vendor did not answer in time: open a dispute for a refund",
            "open_dispute" => "Open a dispute to free the escrow",
            "wait_for_vendor" when order.DisputePossibleAfter is { } from =>
                $"Waiting for the vendor (a dispute for a refund is possible from {from.ToDateTime():yyyy-MM-dd HH:mm} UTC)",
            "dispute_open" => "Dispute open: the arbitrator decides",
            "none" or "" => order.IsClosed ? "Closed" : "Nothing to do",
            var other when other.StartsWith("wait_for_", StringComparison.Ordinal) => "Waiting for " + other["wait_for_".Length..].Replace('_', ' '),
            var other => other.Replace('_', ' '),
        };
    }

    /// <summary>The states an order passes, up to where it is now, one per line (✔ done, ▶ now).</summary>
    public static IReadOnlyList<string> Timeline(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        OrderState[] path = order.State switch
        {
            OrderState.RefundSigned or OrderState.RefundPublished or OrderState.Refunded =>
                [OrderState.Funded, OrderState.Accepted, OrderState.RefundSigned, OrderState.RefundPublished, OrderState.Refunded],
            OrderState.Declined => [OrderState.Funded, OrderState.RefundSigned, OrderState.RefundPublished, OrderState.Declined],
            OrderState.Refused or OrderState.Failed => [OrderState.Funding, order.State],
            OrderState.EscrowNeedsDispute => [OrderState.Funding, OrderState.Funded, OrderState.EscrowNeedsDispute, OrderState.Disputed, OrderState.Resolved],
            OrderState.Disputed or OrderState.Resolved => [OrderState.Funding, OrderState.Funded, OrderState.Accepted, OrderState.Disputed, OrderState.Resolved],
            _ => [OrderState.Funding, OrderState.Funded, OrderState.Accepted, OrderState.Fulfilled, OrderState.PayoutSigned, OrderState.PayoutPublished, OrderState.Completed],
        };
        var now = Array.IndexOf(path, order.State);
        return [.. path.Select((state, i) => $"{(i < now ? "✔" : i == now ? "▶" : " ")} {State(state)}")];
    }
}
