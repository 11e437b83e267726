namespace TradeNode.P2P.Gossip;

/// <summary>How a node relays a newly stored item to its peers.</summary>
public enum GossipRelayMode
{
    /// <summary>Announce the id; peers that miss it request the item (the protocol).</summary>
    Announce = 1,

    /// <summary>Push the whole item to every peer on first receipt: the naive baseline the simulator compares with.</summary>
    Flood,
}
