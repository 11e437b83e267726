namespace TradeNode.Core.Trades.Disputes;

/// <summary>Where a dispute stands, on a trader's node and on the arbitrator's.</summary>
public enum DisputeState
{
    /// <summary>Opened: the arbitrator has the case and collects evidence.</summary>
    Open,

    /// <summary>Arbitrator only: the split is decided and the payout built, waiting for a signature made elsewhere (SubmitPsbt).</summary>
    AwaitingSignature,

    /// <summary>The arbitrator decided and signed the payout; a trader that accepts co-signs and broadcasts it.</summary>
    Decided,

    /// <summary>The decided payout, signed by two, was broadcast.</summary>
    PayoutPublished,

    /// <summary>The decided payout is confirmed: the trade is resolved.</summary>
    Resolved,

    /// <summary>The arbitrator refused the case (see <see cref="Dispute.LastError"/>).</summary>
    Refused,
}
