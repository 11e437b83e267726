namespace TradeNode.Core.Node;

/// <summary>Where the node reads the Bitcoin chain from.</summary>
public enum ChainBackendKind
{
    /// <summary>The node's own regtest chain in DATADIR/chain (regtest only): nothing else to install.</summary>
    Embedded,

    /// <summary>A Bitcoin Core JSON-RPC endpoint (bitcoind, or <c>tradenode chain</c>).</summary>
    Rpc,
}
