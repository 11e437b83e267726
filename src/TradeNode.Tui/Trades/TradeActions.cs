using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// The actions the node accepts for a trade in its current state, so the detail view offers exactly those (the
/// node still decides: a button that races a state change gets the node's sentence back). Mirrors the API's rules:
/// payment sent by the buyer once the deposit is confirmed; payment received by the seller once the deposit is
/// confirmed (before or after the buyer's word); cancel before the deposit is signed; open a dispute once the deposit
/// is published and before the payout is (Disputes.Open).
/// </summary>
public static class TradeActions
{
    /// <summary>
    /// The actions on offer for <paramref name="trade"/> now; for a disputed trade, <paramref name="dispute"/> (from
    /// Disputes.Get) adds evidence while the case is open and accepting the decision once the arbitrator decided.
    /// </summary>
    public static IReadOnlyList<TradeAction> For(Trade trade, Dispute? dispute = null)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var actions = new List<TradeAction>();
        if (trade.IsClosed)
        {
            return actions;
        }

        if (trade.State == TradeState.Disputed)
        {
            actions.AddRange(DisputeSteps.During(trade.TradeId, dispute).Select(step => step == DisputeStep.AddEvidence ? TradeAction.AddEvidence : TradeAction.AcceptDecision));
        }

        if (trade.Side == TradeSide.Buyer && trade.State == TradeState.DepositConfirmed)
        {
            actions.Add(TradeAction.PaymentSent);
        }

        if (trade.Side == TradeSide.Seller && trade.State is TradeState.DepositConfirmed or TradeState.PaymentSent)
        {
            actions.Add(TradeAction.PaymentReceived);
        }

        if (trade.State is TradeState.TakeRequested or TradeState.Accepted)
        {
            actions.Add(TradeAction.Cancel);
        }

        if (trade.State is TradeState.DepositPublished or TradeState.DepositConfirmed or TradeState.PaymentSent or TradeState.PayoutProposed)
        {
            actions.Add(TradeAction.OpenDispute);
        }

        return actions;
    }

    /// <summary>The button caption for <paramref name="action"/>.</summary>
    public static string Caption(TradeAction action) => action switch
    {
        TradeAction.PaymentSent => "Payment sent",
        TradeAction.PaymentReceived => "Payment received",
        TradeAction.Cancel => "Cancel trade",
        TradeAction.OpenDispute => "Open dispute",
        TradeAction.AddEvidence => "Add evidence",
        TradeAction.AcceptDecision => "Accept decision",
        _ => action.ToString(),
    };
}
