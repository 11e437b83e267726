namespace TradeNode.Api.Contracts.Client;

/// <summary>
/// Where to find a node's API and its key. Everything is optional: by default the node of the regtest network in
/// <c>~/.tradenode/regtest</c> is used, through the address and key it wrote into its data directory.
/// </summary>
public sealed record ApiConnectionOptions
{
    /// <summary>The network whose default data directory and port apply: regtest, signet, testnet or mainnet.</summary>
    public string Network { get; init; } = ApiDefaults.DefaultNetwork;

    /// <summary>The node's data directory; null means <see cref="ApiDefaults.DataDirectory"/> of <see cref="Network"/>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The API's URL, e.g. <c>http://127.0.0.1:18736</c>; wins over <see cref="Port"/> and <c>api.address</c>.</summary>
    public Uri? Url { get; init; }

    /// <summary>A loopback port: the API at <c>http://127.0.0.1:PORT</c>; wins over <c>api.address</c>.</summary>
    public int? Port { get; init; }

    /// <summary>The API key itself; null means read it from <see cref="CookieFile"/>.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The file holding the API key; null means <c>api.cookie</c> in the data directory.</summary>
    public string? CookieFile { get; init; }
}
