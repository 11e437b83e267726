using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>One reconciliation step as the engine sees it: what to answer, what we have that the peer lacks, what we lack.</summary>
internal sealed record ReconcileOutcome(byte[]? Reply, IReadOnlyList<ItemId> HaveIds, IReadOnlyList<ItemId> NeedIds);
