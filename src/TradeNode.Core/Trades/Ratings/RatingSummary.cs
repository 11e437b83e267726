namespace TradeNode.Core.Trades.Ratings;

/// <summary>What a node's (or listing's) ratings add up to. Only verified ratings count towards the average.</summary>
/// <param name="Count">All ratings found.</param>
/// <param name="VerifiedCount">Ratings verified on chain.</param>
/// <param name="AverageVerified">Mean stars of the verified ratings rounded to two decimals; null when none is verified.</param>
public sealed record RatingSummary(int Count, int VerifiedCount, decimal? AverageVerified)
{
    /// <summary>The summary of <paramref name="ratings"/>.</summary>
    public static RatingSummary Of(IReadOnlyCollection<Rating> ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        var verified = ratings.Where(r => r.Verification.IsVerified).ToList();
        decimal? average = verified.Count == 0 ? null : Math.Round((decimal)verified.Sum(r => r.Stars) / verified.Count, 2, MidpointRounding.AwayFromZero);
        return new RatingSummary(ratings.Count, verified.Count, average);
    }
}
