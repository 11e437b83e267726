using TradeNode.P2P.Gossip;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P;

/// <summary>Hands the transport's authenticated links and messages to the gossip engine.</summary>
internal sealed class P2PNodeLinkHandler(GossipEngine gossip, Func<string, IPeerLink?> currentLink) : IPeerLinkHandler
{
    public void LinkOpened(IPeerLink link) => gossip.AddPeer(link);

    public ValueTask MessageReceivedAsync(IPeerLink link, GossipMessage message, CancellationToken cancellationToken) =>
        gossip.HandleAsync(link, message, cancellationToken);

    public void LinkClosed(IPeerLink link)
    {
        // A link replaced by one in the other direction must not take its successor out of gossip.
        if (currentLink(link.PeerKey) is null)
        {
            gossip.RemovePeer(link.PeerKey);
        }
    }
}
