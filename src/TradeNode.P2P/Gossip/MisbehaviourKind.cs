namespace TradeNode.P2P.Gossip;

/// <summary>What a peer did wrong, as seen by gossip; the transport turns these into scores and bans.</summary>
public enum MisbehaviourKind
{
    /// <summary>The peer sent an item the store rejected (see <see cref="PeerMisbehaviour.Rejection"/>).</summary>
    InvalidItem = 1,

    /// <summary>The peer sent an item nobody asked it for.</summary>
    UnsolicitedItem,

    /// <summary>An inventory or request with more ids than a message may carry.</summary>
    OversizedMessage,

    /// <summary>A reconciliation message that could not be read.</summary>
    MalformedReconcile,
}
