namespace TradeNode.Chain.Rpc;

/// <summary>Where and how <see cref="ChainRpcServer"/> listens.</summary>
public sealed class ChainRpcServerOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="ChainRpcServer.Port"/>).</summary>
    public int Port { get; init; } = 18443;

    /// <summary>With <see cref="Password"/>, the only accepted credentials; without them a cookie file is written.</summary>
    public string? User { get; init; }

    public string? Password { get; init; }

    /// <summary>The directory of the <c>.cookie</c> file (bitcoind's cookie authentication).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Larger request bodies are refused with HTTP 413 (Core's limit is 32 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 32 * 1024 * 1024;
}
