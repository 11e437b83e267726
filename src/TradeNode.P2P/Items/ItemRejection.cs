namespace TradeNode.P2P.Items;

/// <summary>Why an item was not stored. Every rejected item gets exactly one of these.</summary>
public enum ItemRejection
{
    /// <summary>Not a well-formed SignedItem/ItemContent (bad protobuf, wrong key or signature length, ...).</summary>
    Malformed = 1,
    BadSignature,
    UnknownKind,
    TooLarge,
    CreatedInFuture,
    Expired,
    TtlTooLong,
    InsufficientProofOfWork,

    /// <summary>An item with an equal or higher sequence number exists for the same (author, kind, key).</summary>
    StaleSequence,

    /// <summary>A tombstone removed this (author, kind, key) at this sequence or later.</summary>
    Tombstoned,
    QuotaExceeded,
}
