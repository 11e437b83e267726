namespace TradeNode.P2P.Sync;

/// <summary>One validated range of an incoming message; the payload is located by offset into the message.</summary>
internal readonly record struct ParsedRange(
    Bound Lower,
    Bound Upper,
    RangeMode Mode,
    int PayloadOffset,
    int Count,
    int LowerIndex,
    int UpperIndex);
