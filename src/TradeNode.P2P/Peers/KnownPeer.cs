namespace TradeNode.P2P.Peers;

/// <summary>A peer address as persisted: where it came from, the node key last seen there, and dial history.</summary>
public sealed class KnownPeer
{
    /// <summary>"host:port".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>"seed", "manual" (added through the API), "profile" or "hello".</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>The node key (hex) that answered at this address, when known.</summary>
    public string? PeerKey { get; set; }

    public long LastConnectedUnixMs { get; set; }

    public int Failures { get; set; }
}
