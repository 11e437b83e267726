namespace TradeNode.Tui.Trades;

/// <summary>What a trader can do to a trade from the detail view.</summary>
public enum TradeAction
{
    /// <summary>The buyer says the fiat payment is sent (Trades.ConfirmPaymentSent).</summary>
    PaymentSent,

    /// <summary>The seller says the fiat payment arrived (Trades.ConfirmPaymentReceived).</summary>
    PaymentReceived,

    /// <summary>Cancel before the deposit is signed (Trades.Cancel).</summary>
    Cancel,

    /// <summary>Open a dispute with the contract's arbitrator, with a reason (Disputes.Open).</summary>
    OpenDispute,

    /// <summary>A disputed trade whose case is open: a statement or evidence for the arbitrator (Disputes.AddEvidence).</summary>
    AddEvidence,

    /// <summary>A disputed trade whose case is decided: accept the arbitrator's split, co-sign and broadcast (Disputes.Accept).</summary>
    AcceptDecision,
}
