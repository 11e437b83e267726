using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P;

/// <summary>
/// Hands the transport's authenticated links and messages to the gossip engine, and announces this node's profile on
/// each new link so peers learn its address and encryption key even before set reconciliation.
/// </summary>
internal sealed class P2PNodeLinkHandler(GossipEngine gossip) : IPeerLinkHandler
{
    /// <summary>The id of this node's current profile, announced to every new link (address gossip).</summary>
    public ItemId? ProfileId { get; set; }

    public void LinkOpened(IPeerLink link)
    {
        gossip.AddPeer(link);
        if (ProfileId is { } profile)
        {
            _ = link.SendAsync(new InventoryMessage([profile]));
        }
    }

    public ValueTask MessageReceivedAsync(IPeerLink link, GossipMessage message, CancellationToken cancellationToken) =>
        gossip.HandleAsync(link, message, cancellationToken);

    // A link replaced by one in the other direction must not take its successor out of gossip.
    public void LinkClosed(IPeerLink link) => gossip.RemovePeer(link);
}
