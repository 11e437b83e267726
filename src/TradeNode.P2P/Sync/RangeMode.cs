namespace TradeNode.P2P.Sync;

/// <summary>What a range of a reconciliation message carries.</summary>
internal enum RangeMode
{
    /// <summary>The sender has nothing to say about the range (equal, or settled).</summary>
    Skip = 0,

    /// <summary>A fingerprint of the sender's ids in the range.</summary>
    Fingerprint = 1,

    /// <summary>All of the sender's ids in the range, explicitly.</summary>
    IdList = 2,

    /// <summary>The answer to an <see cref="IdList"/>: the ids the receiver lacks, and a bitmap of the listed ids the sender lacks.</summary>
    IdListResponse = 3,

    /// <summary>Fingerprints of equal-width sub-ranges of the range, so no sub-range bound is sent.</summary>
    Split = 4,
}
