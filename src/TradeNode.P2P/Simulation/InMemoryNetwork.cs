using Google.Protobuf;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Simulation;

/// <summary>
/// Many nodes in one process, linked by simulated links with latency, jitter and loss, driven by a virtual
/// <see cref="SimulationClock"/>: deterministic for a given seed, and fast (1,000 nodes in well under a second
/// of real time per item). Each node runs a real <see cref="GossipEngine"/>.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly GossipOptions _options;
    private readonly HashSet<(int, int)> _linked = [];

    public InMemoryNetwork(int seed, GossipOptions? options = null)
    {
        Random = new Random(seed);
        _options = options ?? new GossipOptions();
        Clock = new SimulationClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    public SimulationClock Clock { get; }

    /// <summary>The one source of randomness (seeded): jitter, loss, topology, items.</summary>
    public Random Random { get; }

    public List<SimulationNode> Nodes { get; } = [];

    /// <summary>Keep every sent message on its link (for tests; costs memory).</summary>
    public bool RecordMessages { get; set; }

    public SimulationNode AddNode(IItemStore? store = null, GossipOptions? options = null)
    {
        var node = new SimulationNode(Nodes.Count, Clock, options ?? _options, store ?? new SimulationItemStore());
        Nodes.Add(node);
        return node;
    }

    public void AddNodes(int count)
    {
        for (var i = 0; i < count; i++)
        {
            AddNode();
        }
    }

    /// <summary>Links <paramref name="from"/> (outbound, starts sync) to <paramref name="to"/>; false if already linked.</summary>
    public bool Connect(SimulationNode from, SimulationNode to, LinkConditions? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from == to || !_linked.Add((Math.Min(from.Index, to.Index), Math.Max(from.Index, to.Index))))
        {
            return false;
        }

        conditions ??= LinkConditions.Default;
        var outbound = new SimulationLink(this, from, to, isOutbound: true, conditions);
        var inbound = new SimulationLink(this, to, from, isOutbound: false, conditions);
        outbound.Reverse = inbound;
        inbound.Reverse = outbound;
        from.Links.Add(outbound);
        to.Links.Add(inbound);
        to.Engine.AddPeer(inbound);
        from.Engine.AddPeer(outbound);
        return true;
    }

    /// <summary>Each node dials <paramref name="outboundPerNode"/> distinct random others.</summary>
    public void ConnectRandomly(int outboundPerNode, LinkConditions? conditions = null)
    {
        if (Nodes.Count <= outboundPerNode)
        {
            throw new InvalidOperationException("The network needs more nodes than outbound links per node.");
        }

        foreach (var node in Nodes)
        {
            var made = 0;
            var attempts = 0;
            while (made < outboundPerNode && attempts++ < outboundPerNode * 20)
            {
                if (Connect(node, Nodes[Random.Next(Nodes.Count)], conditions))
                {
                    made++;
                }
            }
        }
    }

    /// <summary>Connects the nodes in a line: 0 dials 1, 1 dials 2, and so on.</summary>
    public void ConnectLine(LinkConditions? conditions = null)
    {
        for (var i = 0; i + 1 < Nodes.Count; i++)
        {
            Connect(Nodes[i], Nodes[i + 1], conditions);
        }
    }

    /// <summary>Runs the clock until nothing is left to do or <paramref name="limit"/> of virtual time passed.</summary>
    public void Run(TimeSpan limit) => Clock.RunUntil(Clock.Elapsed + limit);

    /// <summary>A well-formed item with a random body of <paramref name="bodyBytes"/> bytes and a dummy signature.</summary>
    public SignedItem CreateItem(int bodyBytes = 400)
    {
        var body = new byte[bodyBytes];
        Random.NextBytes(body);
        var author = new byte[32];
        Random.NextBytes(author);
        var signature = new byte[64];
        Random.NextBytes(signature);
        var content = new ItemContent
        {
            Kind = ItemKind.Offer,
            Author = ByteString.CopyFrom(author),
            Key = "sim",
            Sequence = 1,
            CreatedUnixMs = Clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ExpiresUnixMs = Clock.GetUtcNow().AddDays(1).ToUnixTimeMilliseconds(),
            Body = ByteString.CopyFrom(body),
        };
        return new SignedItem { Content = content.ToByteString(), Signature = ByteString.CopyFrom(signature) };
    }

    /// <summary>Nodes holding <paramref name="id"/>.</summary>
    public int CountHolding(ItemId id) => Nodes.Count(n => n.Store.Contains(id));

    /// <summary>When each node first stored <paramref name="id"/>, sorted; nodes that never did are left out.</summary>
    public IReadOnlyList<TimeSpan> ArrivalTimes(ItemId id) =>
        [.. Nodes.Select(n => n.StoredAt(id)).OfType<TimeSpan>().Order()];
}
