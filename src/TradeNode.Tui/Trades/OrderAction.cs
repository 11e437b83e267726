namespace TradeNode.Tui.Trades;

/// <summary>What a buyer or vendor can do to a goods order from its detail view.</summary>
public enum OrderAction
{
    /// <summary>Vendor: accept a funded order (Orders.Accept).</summary>
    Accept,

    /// <summary>Vendor: decline a funded order not yet accepted; the escrow goes back to the buyer (Orders.Decline).</summary>
    Decline,

    /// <summary>Vendor: the goods were sent, with a tracking note (Orders.MarkFulfilled).</summary>
    MarkFulfilled,

    /// <summary>Vendor: refund an accepted or fulfilled order (Orders.Refund).</summary>
    Refund,

    /// <summary>Buyer: the goods arrived; signs the payout to the vendor (Orders.ConfirmReceipt).</summary>
    ConfirmReceipt,

    /// <summary>Either side: open a dispute with the contract's arbitrator, with a reason (Disputes.Open with the order id).</summary>
    OpenDispute,

    /// <summary>A disputed order whose case is open: a statement or evidence for the arbitrator (Disputes.AddEvidence).</summary>
    AddEvidence,

    /// <summary>A disputed order whose case is decided: accept the split, co-sign and broadcast (Disputes.Accept).</summary>
    AcceptDecision,
}
