using TradeNode.Bitcoin;
using TradeNode.Core.Wallet;
using TradeNode.P2P.Items;

namespace TradeNode.Core.Node;

/// <summary>Everything <see cref="NodeRuntime"/> needs to open a node: network, data directory, P2P and chain settings.</summary>
public sealed class NodeRuntimeOptions
{
    /// <summary>The Bitcoin network; the data directory holds one network's data only.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>The node's data directory (the caller chooses a per-network one, e.g. ~/.tradenode/regtest).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The port peers connect to; 0 picks a free one.</summary>
    public int P2PPort { get; init; }

    /// <summary>The interface the P2P port listens on; null is loopback.</summary>
    public System.Net.IPAddress? P2PBind { get; init; }

    /// <summary>host:port addresses peers are told to dial; empty announces 127.0.0.1:port.</summary>
    public IReadOnlyList<string> P2PAnnounce { get; init; } = [];

    /// <summary>Peers to dial first, host:port.</summary>
    public IReadOnlyList<string> SeedPeers { get; init; } = [];

    /// <summary>How many peers the node dials and keeps.</summary>
    public int MaxOutboundPeers { get; init; } = 8;

    /// <summary>Display name in the node's profile.</summary>
    public string Name { get; init; } = string.Empty;

    public ChainBackendKind ChainBackend { get; init; } = ChainBackendKind.Embedded;

    /// <summary>JSON-RPC endpoint of bitcoind (or <c>tradenode chain</c>) for <see cref="ChainBackendKind.Rpc"/>.</summary>
    public Uri? RpcUrl { get; init; }

    /// <summary>bitcoind's .cookie file; used when <see cref="RpcUser"/> is not set.</summary>
    public string? RpcCookieFile { get; init; }

    public string? RpcUser { get; init; }

    public string? RpcPassword { get; init; }

    /// <summary>Item rules (proof-of-work difficulty); every node of one network must use the same.</summary>
    public ItemPolicy ItemPolicy { get; init; } = ItemPolicy.Default;

    /// <summary>Lifetime of a published offer, null for the market's default; short values are for tests.</summary>
    public TimeSpan? OfferTtl { get; init; }

    /// <summary>How long a vendor may leave a funded order unanswered before its buyer can dispute it; null for the default (<see cref="Trades.Goods.OrderOptions.VendorResponsePeriod"/>).</summary>
    public TimeSpan? VendorResponsePeriod { get; init; }

    /// <summary>Argon2id cost of the wallet's seed encryption; cheap parameters are for tests only.</summary>
    public WalletKdfParameters WalletKdf { get; init; } = WalletKdfParameters.Default;
}
