using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Ratings;

/// <summary>Settings of <see cref="RatingService"/>.</summary>
public sealed class RatingOptions
{
    /// <summary>The chain the escrows are on.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>How long an own rating item lives before its refresh (at most the network's limit for ratings).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How often the loop verifies ratings not checked yet.</summary>
    public TimeSpan VerifyInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How old an unverified result may get before it is checked again (the escrow may have been spent since).</summary>
    public TimeSpan RecheckUnverifiedAfter { get; init; } = TimeSpan.FromMinutes(10);
}
