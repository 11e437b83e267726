using TradeNode.Bitcoin;

namespace TradeNode.Core.Market;

/// <summary>Settings of the offer, listing and arbitrator services.</summary>
public sealed class MarketOptions
{
    /// <summary>The network escrow extended public keys (listings, arbitrator profiles) must belong to.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>
    /// Lifetime of a published offer item. Short, so an offer vanishes from every book soon after its maker goes
    /// offline; the maker republishes it while online.
    /// </summary>
    public TimeSpan OfferTtl { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Lifetime of a published listing item (at most the network's 30 days); refreshed before it ends.</summary>
    public TimeSpan ListingTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Lifetime of the node's arbitrator profile item; refreshed before it ends.</summary>
    public TimeSpan ArbitratorTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Capacity of each Watch subscriber's queue; when a slow reader lets it fill, the oldest changes are dropped.</summary>
    public int WatchCapacity { get; init; } = 1024;

    /// <summary>
    /// How often an own item is republished: a third of its TTL, so two refreshes can fail before it expires
    /// anywhere. Also the refresh loop's tick (with <see cref="MaxRefreshTick"/> as a bound).
    /// </summary>
    public static TimeSpan RefreshInterval(TimeSpan ttl) => ttl / 3;

    /// <summary>The refresh loop's longest sleep, so long-lived listings and short-lived offers share one loop cadence.</summary>
    public TimeSpan MaxRefreshTick { get; init; } = TimeSpan.FromMinutes(1);
}
