namespace TradeNode.Core.Trades.Ratings;

/// <summary>Whether a rating points to a real completed escrow, and if not, why not.</summary>
/// <param name="IsVerified">True when every check passed.</param>
/// <param name="Reason">The first check that failed, as a sentence; empty when verified.</param>
/// <param name="CheckedAt">When the checks ran; null when they have not run yet.</param>
public sealed record RatingVerification(bool IsVerified, string Reason, DateTimeOffset? CheckedAt)
{
    /// <summary>Not checked yet.</summary>
    public static RatingVerification Unchecked { get; } = new(false, "Not checked yet.", null);
}
