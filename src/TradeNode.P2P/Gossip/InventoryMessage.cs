using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>Announces item ids the sender has.</summary>
public sealed record InventoryMessage(IReadOnlyList<ItemId> Ids) : GossipMessage
{
    public override int WireSize => 4 + (Ids.Count * (P2PProtocol.ItemIdLength + 2));
}
