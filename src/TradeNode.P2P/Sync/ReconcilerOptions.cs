namespace TradeNode.P2P.Sync;

/// <summary>Local tuning of a <see cref="SetReconciler"/>; the two sides need not use the same values.</summary>
public sealed record ReconcilerOptions
{
    /// <summary>
    /// How many sub-ranges a large range whose fingerprints differ is split into. Powers of two keep the implied
    /// sub-range bounds short on the wire.
    /// </summary>
    public int Branching { get; init; } = 16;

    /// <summary>How many sub-ranges a small range (at most <see cref="SmallRangeItems"/> ids) is split into.</summary>
    public int SmallRangeBranching { get; init; } = 4;

    /// <summary>Below this many ids a differing range is split with <see cref="SmallRangeBranching"/>.</summary>
    public int SmallRangeItems { get; init; } = 1024;

    /// <summary>A differing range holding at most this many of our ids is answered with an explicit id list.</summary>
    public int IdListThreshold { get; init; } = 1;

    /// <summary>The id-list threshold where most parts of a split differ (a dense difference, as in a first sync).</summary>
    public int DenseIdListThreshold { get; init; } = 32;

    /// <summary>An id list is answered with our ids only when we hold at most this many in its range; otherwise the range is split again.</summary>
    public int MaxIdListResponseIds { get; init; } = 1900;

    /// <summary>The largest message this side sends or accepts.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>The most ids the other side may make this side need in one session.</summary>
    public int MaxNeedIds { get; init; } = 10_000_000;

    public static ReconcilerOptions Default { get; } = new();

    internal void Validate()
    {
        if (Branching < 2 || Branching > 256 || SmallRangeBranching < 2 || SmallRangeBranching > 256)
        {
            throw new ArgumentException("Branching must be between 2 and 256.");
        }

        if (IdListThreshold < 0 || DenseIdListThreshold < 0 || SmallRangeItems < 0 || MaxNeedIds < 0)
        {
            throw new ArgumentException("Thresholds must not be negative.");
        }

        if (MaxMessageBytes < 4096)
        {
            throw new ArgumentException("A reconciliation message must be allowed at least 4096 bytes.");
        }

        if (MaxIdListResponseIds < Math.Max(IdListThreshold, DenseIdListThreshold) || (MaxIdListResponseIds * 33L) + 256 > MaxMessageBytes)
        {
            throw new ArgumentException("MaxIdListResponseIds must be at least the id-list thresholds and its response must fit in MaxMessageBytes.");
        }
    }
}
