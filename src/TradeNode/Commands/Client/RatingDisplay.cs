using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Human-readable ratings and summaries.</summary>
internal static class RatingDisplay
{
    public static string Stars(int stars) => new string('*', Math.Clamp(stars, 0, 5)) + new string('.', 5 - Math.Clamp(stars, 0, 5));

    public static string Summary(RatingSummary? summary) => summary is null || summary.Count == 0
        ? "no ratings"
        : $"{Display.OrDash(summary.AverageVerified)} from {summary.VerifiedCount} verified of {summary.Count}";

    public static void Write(TextWriter output, Rating rating) => new Fields()
        .Add("Rating", $"{Stars(rating.Stars)} ({rating.Stars}/5)")
        .Add("Verified", rating.Verified ? "yes" : $"no: {rating.UnverifiedReason}")
        .Add("Rated node", rating.SubjectNodeId)
        .Add("Author", rating.IsMine ? $"{rating.AuthorNodeId} (me)" : rating.AuthorNodeId)
        .Add("Text", Display.OrDash(rating.Text))
        .Add("Trade", rating.TradeId)
        .Add("Escrow outpoint", rating.EscrowOutpoint)
        .Add("Published", Display.Time(rating.PublishedAt))
        .Write(output);
}
