using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Goods;

/// <summary>Settings of <see cref="OrderService"/>.</summary>
public sealed class OrderOptions
{
    /// <summary>The chain the orders' escrows are on.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>How often the loop checks the chain for funding, payouts and refunds.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Vendor: how long an order whose funding output is not visible yet (network lag) waits, re-checked on every
    /// chain poll, before it is refused for that reason.
    /// </summary>
    public TimeSpan FundingWaitLimit { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Buyer: how long after the funding's first confirmation (as this node saw it) a vendor that has neither accepted
    /// nor declined the funded order may stay silent before the buyer can open a buyer-only dispute (a refund through
    /// the arbitrator). Default 72 hours; short values are for tests.
    /// </summary>
    public TimeSpan VendorResponsePeriod { get; init; } = TimeSpan.FromHours(72);

    /// <summary>Confirmations after which the funding counts as confirmed (the vendor ships only then).</summary>
    public int FundingConfirmations { get; init; } = 1;

    /// <summary>Fee rate of funding, payouts and refunds when the chain gives no estimate, in sat/vB.</summary>
    public long FallbackFeeRateSatPerVByte { get; init; } = 2;

    /// <summary>The highest fee rate a party accepts for a payout or refund built by the other side, in sat/vB.</summary>
    public long MaxFeeRateSatPerVByte { get; init; } = 500;

    /// <summary>What the buyer reserves above the escrow amount for the funding's mining fee, in satoshis.</summary>
    public long FeeReserveSats { get; init; } = 50_000;

    /// <summary>
    /// Watch streams get a change each time the funding's, payout's or refund's confirmations move, up to this depth
    /// (or <see cref="FundingConfirmations"/> when higher); the counts are read from the chain whenever an order is read.
    /// </summary>
    public int ConfirmationWatchDepth { get; init; } = 6;

    /// <summary>
    /// Vendor, for an order on a listing priced in fiat: when this node has a reference price for the currency and the
    /// buyer's rate gives the vendor more than this many basis points fewer satoshis than the reference price would,
    /// the order is declined automatically (refund signed, both rates in the reason). 500 = 5%.
    /// </summary>
    public int MaxRateDeviationBps { get; init; } = 500;

    /// <summary>Capacity of each <see cref="OrderService.WatchAsync"/> subscriber's queue; the oldest changes are dropped beyond it.</summary>
    public int WatchCapacity { get; init; } = 1024;
}
