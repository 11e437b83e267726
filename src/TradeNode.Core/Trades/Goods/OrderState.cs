namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// Where a goods order stands (after OpenBazaar's order states). The happy path runs <see cref="Funding"/> to
/// <see cref="Completed"/>; a decline or refund runs through <see cref="RefundSigned"/> to <see cref="Declined"/> or
/// <see cref="Refunded"/>; <see cref="Refused"/> and <see cref="Failed"/> end an order early;
/// <see cref="EscrowNeedsDispute"/> waits for a dispute.
/// </summary>
public enum OrderState
{
    /// <summary>Buyer: the funding transaction is built, signed and persisted; it is being broadcast.</summary>
    Funding,

    /// <summary>The escrow is funded and the order sent: the vendor accepts or declines next.</summary>
    Funded,

    /// <summary>The vendor signed the contract and accepted the order.</summary>
    Accepted,

    /// <summary>The vendor sent the goods (tracking note).</summary>
    Fulfilled,

    /// <summary>The buyer confirmed receipt and signed the payout to the vendor.</summary>
    PayoutSigned,

    /// <summary>The payout, signed by both, was broadcast.</summary>
    PayoutPublished,

    /// <summary>The payout is confirmed: the vendor has the money.</summary>
    Completed,

    /// <summary>The vendor declined or refunded and signed the refund to the buyer.</summary>
    RefundSigned,

    /// <summary>The refund, signed by both, was broadcast.</summary>
    RefundPublished,

    /// <summary>The refund of an accepted order is confirmed: the buyer has its money back.</summary>
    Refunded,

    /// <summary>The vendor declined the order and the refund is confirmed.</summary>
    Declined,

    /// <summary>
    /// The vendor refused an order that failed its checks; see <see cref="GoodsOrder.LastError"/>. When the vendor
    /// could sign the escrow (<see cref="GoodsOrder.RefusedWithRefund"/>) the order gets here once the refund to the
    /// buyer is confirmed; otherwise the vendor's record says so and the buyer's is <see cref="EscrowNeedsDispute"/>.
    /// </summary>
    Refused,

    /// <summary>The buyer's funding could not be made (nothing left the wallet); see <see cref="GoodsOrder.LastError"/>.</summary>
    Failed,

    /// <summary>
    /// Buyer: the vendor refused the order without a refund it could sign (see <see cref="GoodsOrder.LastError"/>): the
    /// escrow is funded and only a dispute (the arbitrator's signature with the buyer's) returns it. Open, not closed.
    /// </summary>
    EscrowNeedsDispute,

    /// <summary>
    /// Vendor: the order passed every check but its funding output is not visible yet (network lag); the chain poll
    /// re-checks it until <see cref="OrderOptions.FundingWaitLimit"/>, then it becomes <see cref="Funded"/> or
    /// <see cref="Refused"/>.
    /// </summary>
    AwaitingFunding,

    /// <summary>A dispute is open: the arbitrator decides the payout; the normal steps are blocked.</summary>
    Disputed,

    /// <summary>The arbitrator's payout of the dispute is confirmed.</summary>
    Resolved,
}
