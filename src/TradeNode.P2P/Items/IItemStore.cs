using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The node's set of valid, live signed items. <see cref="Add"/> validates (signature, kind rules, time, proof of
/// work, sequence, tombstones, quotas) and applies replacement and removal; gossip, sync, bundles and the API all
/// go through it. Implementations are thread-safe.
/// </summary>
public interface IItemStore
{
    int Count { get; }

    bool Contains(ItemId id);

    SignedItem? Get(ItemId id);

    /// <summary>Validates and stores <paramref name="item"/> as received at <paramref name="now"/>.</summary>
    ItemAcceptance Add(SignedItem item, DateTimeOffset now);

    /// <summary>Adds many items in one write; results are in input order.</summary>
    IReadOnlyList<ItemAcceptance> AddRange(IReadOnlyList<SignedItem> items, DateTimeOffset now);

    /// <summary>Every live item id, sorted ascending (for set reconciliation).</summary>
    IReadOnlyList<ItemId> GetSortedIds();

    /// <summary>Deletes items whose expiry is at or before <paramref name="now"/>; returns their ids.</summary>
    IReadOnlyList<ItemId> SweepExpired(DateTimeOffset now);

    /// <summary>Raised after items were stored (by any path), with their ids.</summary>
    event EventHandler<IReadOnlyList<ItemId>>? ItemsStored;
}
