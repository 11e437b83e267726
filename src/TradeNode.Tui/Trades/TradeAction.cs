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
}
