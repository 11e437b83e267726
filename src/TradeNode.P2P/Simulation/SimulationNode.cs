using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;

namespace TradeNode.P2P.Simulation;

/// <summary>A simulated node: a real <see cref="GossipEngine"/> over a <see cref="SimulationItemStore"/>.</summary>
public sealed class SimulationNode
{
    private readonly Dictionary<ItemId, TimeSpan> _storedAt = [];

    internal SimulationNode(int index, SimulationClock clock, GossipOptions options, IItemStore store)
    {
        Index = index;
        Key = index.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        Store = store;
        Store.ItemsStored += (_, ids) =>
        {
            foreach (var id in ids)
            {
                _storedAt.TryAdd(id, clock.Elapsed);
            }
        };
        Engine = new GossipEngine(store, clock, options);
    }

    public int Index { get; }

    /// <summary>A stand-in identity key: the index as 64 hex digits.</summary>
    public string Key { get; }

    public IItemStore Store { get; }

    public GossipEngine Engine { get; }

    public List<SimulationLink> Links { get; } = [];

    public long BytesSent { get; internal set; }

    public long BytesReceived { get; internal set; }

    public long MessagesSent { get; internal set; }

    public long InventoryBytesSent { get; internal set; }

    public long RequestBytesSent { get; internal set; }

    public long ItemBytesSent { get; internal set; }

    public long ReconcileBytesSent { get; internal set; }

    public long ReconcileMessagesSent { get; internal set; }

    /// <summary>When (elapsed virtual time) this node first stored <paramref name="id"/>, if it did.</summary>
    public TimeSpan? StoredAt(ItemId id) => _storedAt.TryGetValue(id, out var at) ? at : null;
}
