namespace TradeNode.Tui.Trades;

/// <summary>A trader's step in a dispute of a currency trade or a goods order (the Disputes API takes either id).</summary>
public enum DisputeStep
{
    /// <summary>Open a dispute with the contract's arbitrator, with a reason (Disputes.Open).</summary>
    Open,

    /// <summary>While the case is open: a statement or evidence for the arbitrator (Disputes.AddEvidence).</summary>
    AddEvidence,

    /// <summary>Once the arbitrator decided: accept the split, co-sign and broadcast (Disputes.Accept).</summary>
    Accept,
}
