namespace TradeNode.P2P;

/// <summary>Constants of the node-to-node protocol (proto/tradenode/p2p/v1).</summary>
public static class P2PProtocol
{
    public const uint Version = 1;

    public const uint MinVersion = 1;

    /// <summary>The largest frame a node accepts or sends on a peer stream.</summary>
    public const int MaxFrameBytes = 1024 * 1024;

    /// <summary>Item ids are SHA-256 hashes of the content.</summary>
    public const int ItemIdLength = 32;
}
