using TradeNode.P2P.Items;

namespace TradeNode.P2P.Sync;

/// <summary>The result of <see cref="SetReconciler.RunInMemory"/>: what each side learned and what it cost.</summary>
public sealed record InMemoryReconciliation(
    IReadOnlyList<ItemId> InitiatorHaves,
    IReadOnlyList<ItemId> InitiatorNeeds,
    IReadOnlyList<ItemId> ResponderHaves,
    IReadOnlyList<ItemId> ResponderNeeds,
    int RoundTrips,
    int Messages,
    long TotalBytes);
