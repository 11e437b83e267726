namespace TradeNode.Node;

/// <summary>The values of <c>tradenode node</c> options as given on the command line; null (or empty) when not given.</summary>
internal sealed class NodeCommandLine
{
    public string? Network { get; init; }

    public string? DataDirectory { get; init; }

    public int? P2PPort { get; init; }

    public int? ApiPort { get; init; }

    public string? ApiBind { get; init; }

    public string? P2PBind { get; init; }

    public IReadOnlyList<string> P2PAnnounce { get; init; } = [];

    public string? Chain { get; init; }

    public string? RpcUrl { get; init; }

    public string? RpcCookie { get; init; }

    public string? RpcUser { get; init; }

    public string? RpcPassword { get; init; }

    public IReadOnlyList<string> SeedPeers { get; init; } = [];

    public string? Name { get; init; }

    public bool AllowMainnet { get; init; }

    public int? MaxOutbound { get; init; }

    public TimeSpan? OfferTtl { get; init; }

    public TimeSpan? VendorResponsePeriod { get; init; }

    public int? ItemPowBits { get; init; }

    public bool InsecureKdf { get; init; }
}
