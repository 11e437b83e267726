namespace TradeNode.P2P.Transport;

/// <summary>What a peer did wrong; each adds points to its score (see <see cref="PeerTransportOptions"/>).</summary>
public enum Misbehaviour
{
    /// <summary>An item that failed validation (reported by gossip).</summary>
    InvalidItem = 1,

    /// <summary>A frame over <see cref="P2PProtocol.MaxFrameBytes"/>.</summary>
    OversizeFrame,

    /// <summary>Bytes that are not a valid frame, or a frame with bad contents.</summary>
    MalformedFrame,

    /// <summary>A frame the protocol does not allow at this point (a second Hello, ...).</summary>
    UnexpectedFrame,

    /// <summary>Messages or bytes over the peer's rate limits, or a request flood.</summary>
    Flood,
}
