using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// The actions the node accepts for a goods order in its current state, so the order view offers exactly those (the
/// node still decides; a button that races a state change gets the node's sentence back). Mirrors the Orders API:
/// the vendor accepts or declines a FUNDED order, marks an ACCEPTED order fulfilled once its funding is confirmed, and
/// refunds an ACCEPTED or FULFILLED order; the buyer confirms receipt of a FULFILLED order. Disputes of orders (on
/// main since the order-disputes merge) are not offered here yet.
/// </summary>
public static class OrderActions
{
    /// <summary>The actions on offer for <paramref name="order"/> now, in button order.</summary>
    public static IReadOnlyList<OrderAction> For(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var actions = new List<OrderAction>();
        if (order.IsClosed)
        {
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

        return actions;
    }

    /// <summary>True when an action of the order is mine to take now (the ▶ mark in the list).</summary>
    public static bool IsMyTurn(Order order) => For(order).Count > 0 && !(order.Role == OrderRole.Vendor && order.State is OrderState.Fulfilled);

    /// <summary>The button caption for <paramref name="action"/>.</summary>
    public static string Caption(OrderAction action) => action switch
    {
        OrderAction.Accept => "Accept",
        OrderAction.Decline => "Decline",
        OrderAction.MarkFulfilled => "Mark fulfilled",
        OrderAction.Refund => "Refund",
        OrderAction.ConfirmReceipt => "Confirm receipt",
        _ => action.ToString(),
    };

    /// <summary>True when <paramref name="action"/> needs a line of text (a reason or a tracking note).</summary>
    public static bool NeedsText(OrderAction action) => action is OrderAction.Decline or OrderAction.Refund or OrderAction.MarkFulfilled;
}
