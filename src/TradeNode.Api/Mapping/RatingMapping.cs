using System.Globalization;
using CoreRating = TradeNode.Core.Trades.Ratings.Rating;
using CoreSummary = TradeNode.Core.Trades.Ratings.RatingSummary;

namespace TradeNode.Api.Mapping;

/// <summary>Ratings and their summaries between Core and the API.</summary>
internal static class RatingMapping
{
    public static V1.Rating ToApi(CoreRating rating)
    {
        ArgumentNullException.ThrowIfNull(rating);
        return new V1.Rating
        {
            ItemId = rating.ItemId,
            AuthorNodeId = rating.AuthorKey.Id.ToString(),
            SubjectNodeId = rating.SubjectKey.Id.ToString(),
            ListingId = rating.ListingId,
            Stars = rating.Stars,
            Text = rating.Text,
            EscrowOutpoint = rating.EscrowOutPoint.ToString(),
            TradeId = rating.TradeId,
            PublishedAt = CommonMapping.ToTimestamp(rating.Published),
            IsMine = rating.IsMine,
            Verified = rating.Verification.IsVerified,
            UnverifiedReason = rating.Verification.Reason,
        };
    }

    public static V1.RatingSummary ToSummary(CoreSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new V1.RatingSummary
        {
            Count = summary.Count,
            VerifiedCount = summary.VerifiedCount,
            AverageVerified = summary.AverageVerified is { } average ? average.ToString("0.00", CultureInfo.InvariantCulture) : string.Empty,
        };
    }
}
