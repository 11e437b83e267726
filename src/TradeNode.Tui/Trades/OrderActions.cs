using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// The actions the node accepts for a goods order in its current state, so the order view offers exactly those (the
/// node still decides; a button that races a state change gets the node's sentence back). Mirrors the Orders API:
/// the vendor accepts or declines a FUNDED order, marks an ACCEPTED order fulfilled once its funding is confirmed, and
/// refunds an ACCEPTED or FULFILLED order; the buyer confirms receipt of a FULFILLED order. Either side opens a
/// dispute once the vendor accepted (signed) the funded order and before a payout or refund is published (ACCEPTED,
/// FULFILLED, PAYOUT_SIGNED, REFUND_SIGNED), or whenever the node's next action says "open_dispute"; a DISPUTED order
/// offers the case's steps (<see cref="DisputeSteps.During"/>): evidence while open, accepting once decided.
/// </summary>
public static class OrderActions
{
    /// <summary>
    /// The actions on offer for <paramref name="order"/> now, in button order; for a disputed order,
    /// <paramref name="dispute"/> (from Disputes.Get) decides between adding evidence and accepting the decision.
    /// </summary>
    public static IReadOnlyList<OrderAction> For(Order order, Dispute? dispute = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        var actions = new List<OrderAction>();
        if (order.IsClosed)
        {
            return actions;
        }

        if (order.State == OrderState.Disputed)
        {
            actions.AddRange(DisputeSteps.During(order.OrderId, dispute).Select(step => step == DisputeStep.AddEvidence ? OrderAction.AddEvidence : OrderAction.AcceptDecision));
            return actions;
        }

        if (order.Role == OrderRole.Vendor)
        {
            switch (order.State)
            {
                case OrderState.Funded:
                    actions.Add(OrderAction.Accept);
                    actions.Add(OrderAction.Decline);
                    break;
                case OrderState.Accepted:
                    if (order.FundingConfirmed)
                    {
                        actions.Add(OrderAction.MarkFulfilled);
                    }

                    actions.Add(OrderAction.Refund);
                    break;
                case OrderState.Fulfilled:
                    actions.Add(OrderAction.Refund);
                    break;
                default:
                    break;
            }
        }
        else if (order.Role == OrderRole.Buyer && order.State == OrderState.Fulfilled)
        {
            actions.Add(OrderAction.ConfirmReceipt);
        }

        if (order.State is OrderState.Accepted or OrderState.Fulfilled or OrderState.PayoutSigned or OrderState.RefundSigned || order.NextAction == "open_dispute")
        {
            actions.Add(OrderAction.OpenDispute);
        }

        return actions;
    }

    /// <summary>
    /// True when an action of the order is mine to take now (the ▶ mark in the list): a step of the order itself, or a
    /// dispute the node says is the way on; a dispute that may be opened is not a turn.
    /// </summary>
    public static bool IsMyTurn(Order order) =>
        order.NextAction == "open_dispute"
        || (For(order).Any(a => a is not OrderAction.OpenDispute) && !(order.Role == OrderRole.Vendor && order.State is OrderState.Fulfilled));

    /// <summary>The button caption for <paramref name="action"/>.</summary>
    public static string Caption(OrderAction action) => action switch
    {
        OrderAction.Accept => "Accept",
        OrderAction.Decline => "Decline",
        OrderAction.MarkFulfilled => "Mark fulfilled",
        OrderAction.Refund => "Refund",
        OrderAction.ConfirmReceipt => "Confirm receipt",
        OrderAction.OpenDispute or OrderAction.AddEvidence or OrderAction.AcceptDecision => DisputeSteps.Caption(StepOf(action)),
        _ => action.ToString(),
    };

    /// <summary>True when <paramref name="action"/> needs a line of text (a reason or a tracking note).</summary>
    public static bool NeedsText(OrderAction action) => action is OrderAction.Decline or OrderAction.Refund or OrderAction.MarkFulfilled or OrderAction.OpenDispute or OrderAction.AddEvidence;

    /// <summary>The dispute step of a dispute action, or null for the order's own steps.</summary>
    public static DisputeStep? DisputeStepOf(OrderAction action) => action switch
    {
        OrderAction.OpenDispute => DisputeStep.Open,
        OrderAction.AddEvidence => DisputeStep.AddEvidence,
        OrderAction.AcceptDecision => DisputeStep.Accept,
        _ => null,
    };

    private static DisputeStep StepOf(OrderAction action) => DisputeStepOf(action) ?? DisputeStep.Open;
}
