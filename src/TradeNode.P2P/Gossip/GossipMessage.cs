namespace TradeNode.P2P.Gossip;

/// <summary>
/// What gossip says on a link, independent of the transport (gRPC PeerFrame in production, objects in the
/// simulator). See the derived records.
/// </summary>
public abstract record GossipMessage
{
    /// <summary>Approximate bytes on the wire, for accounting and limits.</summary>
    public abstract int WireSize { get; }
}
