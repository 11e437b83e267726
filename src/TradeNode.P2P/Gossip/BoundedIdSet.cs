using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>A set of ids that forgets the oldest once it holds <c>capacity</c> ids. Not thread-safe.</summary>
internal sealed class BoundedIdSet(int capacity)
{
    private readonly HashSet<ItemId> _set = [];
    private readonly Queue<ItemId> _order = new();

    public int Count => _set.Count;

    public bool Contains(ItemId id) => _set.Contains(id);

    /// <summary>Forgets <paramref name="id"/> (its slot in the eviction order is reclaimed lazily).</summary>
    public bool Remove(ItemId id) => _set.Remove(id);

    /// <summary>Adds <paramref name="id"/>; false when it was already there.</summary>
    public bool Add(ItemId id)
    {
        if (!_set.Add(id))
        {
            return false;
        }

        _order.Enqueue(id);
        while (_set.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _set.Remove(oldest);
        }

        return true;
    }
}
