using System.Net;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Peers;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P;

/// <summary>Everything a <see cref="P2PNode"/> needs to start.</summary>
public sealed class P2PNodeOptions
{
    /// <summary>Holds node.seed (when no seed is given), items.db and peers.db.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The port peers connect to; 0 picks a free one.</summary>
    public int ListenPort { get; init; }

    /// <summary>
    /// The interface the peer port listens on: loopback (127.0.0.1) by default; <see cref="IPAddress.Any"/> for a node
    /// others reach over the network (then give <see cref="AnnounceAddresses"/>, the address they dial).
    /// </summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>
    /// host:port addresses this node tells peers to dial (in its handshake and its node profile), e.g.
    /// "alice.example.org:18735"; empty announces "127.0.0.1:port".
    /// </summary>
    public IReadOnlyList<string> AnnounceAddresses { get; init; } = [];

    /// <summary>The identity seed; when null it is read from (or created in) DataDirectory/node.seed.</summary>
    public byte[]? IdentitySeed { get; init; }

    public string Name { get; init; } = string.Empty;

    public ItemPolicy Policy { get; init; } = ItemPolicy.Default;

    public PeerTransportOptions Transport { get; init; } = new();

    public PeerManagerOptions Peers { get; init; } = new();

    /// <summary>
    /// Gossip tuning; the default pipelines item messages (<see cref="GossipOptions.PipelineItems"/>) and reconciles
    /// each outbound link again every 30 seconds (<see cref="GossipOptions.ResyncInterval"/>).
    /// </summary>
    public GossipOptions Gossip { get; init; } = new() { PipelineItems = true, ResyncInterval = TimeSpan.FromSeconds(30) };

    /// <summary>How often expired items are swept from the store.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);
}
