using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>Asks for the items with these ids.</summary>
public sealed record GetItemsMessage(IReadOnlyList<ItemId> Ids) : GossipMessage
{
    public override int WireSize => 4 + (Ids.Count * (P2PProtocol.ItemIdLength + 2));
}
