using TradeNode.P2P.Gossip;

namespace TradeNode.P2P.Transport;

/// <summary>What the transport tells the layer above (gossip, peer manager) about authenticated links.</summary>
public interface IPeerLinkHandler
{
    /// <summary>A link finished its handshake and is ready.</summary>
    void LinkOpened(IPeerLink link);

    /// <summary>A gossip message arrived; awaited before the next frame of that link is read.</summary>
    ValueTask MessageReceivedAsync(IPeerLink link, GossipMessage message, CancellationToken cancellationToken);

    /// <summary>The link is closed and will deliver nothing more.</summary>
    void LinkClosed(IPeerLink link);
}
