using Google.Protobuf;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Simulation;

/// <summary>
/// A lightweight in-memory <see cref="IItemStore"/> for the simulator. For speed it does NOT verify signatures,
/// proof of work, times or sequences: it only rejects items that are not a parseable <see cref="ItemContent"/>
/// with a 64-byte signature (as <see cref="ItemRejection.Malformed"/>). The real store (Items.ItemStore) validates
/// everything. Items never expire here.
/// </summary>
public sealed class SimulationItemStore : IItemStore
{
    private const int SignatureLength = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<ItemId, SignedItem> _items = [];

    public event EventHandler<IReadOnlyList<ItemId>>? ItemsStored;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    public bool Contains(ItemId id)
    {
        lock (_lock)
        {
            return _items.ContainsKey(id);
        }
    }

    public SignedItem? Get(ItemId id)
    {
        lock (_lock)
        {
            return _items.GetValueOrDefault(id);
        }
    }

    public ItemAcceptance Add(SignedItem item, DateTimeOffset now) => AddRange([item], now)[0];

    public IReadOnlyList<ItemAcceptance> AddRange(IReadOnlyList<SignedItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new ItemAcceptance[items.Count];
        var stored = new List<ItemId>();
        lock (_lock)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var id = ItemId.Compute(items[i].Content.Span);
                if (!IsWellFormed(items[i]))
                {
                    results[i] = ItemAcceptance.Rejected(id, ItemRejection.Malformed, "The item is not a signed ItemContent.");
                }
                else if (!_items.TryAdd(id, items[i]))
                {
                    results[i] = ItemAcceptance.Duplicate(id);
                }
                else
                {
                    results[i] = ItemAcceptance.Stored(id, []);
                    stored.Add(id);
                }
            }
        }

        if (stored.Count > 0)
        {
            ItemsStored?.Invoke(this, stored);
        }

        return results;
    }

    public IReadOnlyList<ItemId> GetSortedIds()
    {
        lock (_lock)
        {
            var ids = _items.Keys.ToArray();
            Array.Sort(ids);
            return ids;
        }
    }

    public IReadOnlyList<ItemId> SweepExpired(DateTimeOffset now) => [];

    private static bool IsWellFormed(SignedItem item)
    {
        if (item.Signature.Length != SignatureLength || item.Content.IsEmpty)
        {
            return false;
        }

        try
        {
            var content = ItemContent.Parser.ParseFrom(item.Content);
            return content.Kind != ItemKind.Unspecified;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
