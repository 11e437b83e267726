namespace TradeNode.P2P.Gossip;

/// <summary>
/// One open link to a peer whose identity is proven (after the handshake). Gossip sends through it; the transport
/// hands received messages to the gossip engine. Implementations: the gRPC stream, the simulator's link.
/// </summary>
public interface IPeerLink
{
    /// <summary>The peer's Ed25519 identity key (32 bytes), as hex; unique per peer.</summary>
    string PeerKey { get; }

    /// <summary>True when this node dialled the peer (the dialler starts set reconciliation).</summary>
    bool IsOutbound { get; }

    /// <summary>Queues a message; never blocks on a slow peer (the transport bounds its queue and drops the link).</summary>
    ValueTask SendAsync(GossipMessage message, CancellationToken cancellationToken = default);

    /// <summary>Closes the link with a reason (misbehaviour, shutdown).</summary>
    void Close(string reason);
}
