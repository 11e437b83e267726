using TradeNode.Bitcoin;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Ratings;

/// <summary>One rating item as this node reads it, with the result of its verification.</summary>
public sealed record Rating
{
    /// <summary>SHA-256 of the signed item content (hex): the item id.</summary>
    public required string ItemId { get; init; }

    /// <summary>The rater.</summary>
    public required NodeKey AuthorKey { get; init; }

    /// <summary>The rated node (the contract's seller, or a goods order's vendor).</summary>
    public required NodeKey SubjectKey { get; init; }

    /// <summary>The listing bought.</summary>
    public required string ListingId { get; init; }

    /// <summary>1 to 5.</summary>
    public required int Stars { get; init; }

    /// <summary>The rater's words (may be empty).</summary>
    public required string Text { get; init; }

    /// <summary>The escrow funding outpoint the rating names.</summary>
    public required OutPoint EscrowOutPoint { get; init; }

    /// <summary>The trade id the signed contract names.</summary>
    public required string TradeId { get; init; }

    /// <summary>When the rater published this version.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>True when this node wrote it.</summary>
    public required bool IsMine { get; init; }

    /// <summary>Whether it points to a real completed escrow; unverified ones carry the reason.</summary>
    public required RatingVerification Verification { get; init; }
}
