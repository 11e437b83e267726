using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>One report of a peer's misbehaviour, raised by <see cref="GossipEngine.Misbehaviour"/>.</summary>
public sealed record PeerMisbehaviour(string PeerKey, MisbehaviourKind Kind, string Detail, ItemRejection? Rejection = null);
