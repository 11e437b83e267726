namespace TradeNode.Api.Contracts.Client;

/// <summary>
/// Defaults shared by the node and its clients: where a node keeps its data, which loopback port its API listens on,
/// and the names of the files through which the node tells its clients where it is and which key to present.
/// </summary>
public static class ApiDefaults
{
    /// <summary>The network a node runs on unless told otherwise.</summary>
    public const string DefaultNetwork = "regtest";

    /// <summary>The file in the data directory holding the API's URL, one line, e.g. <c>http://127.0.0.1:18736</c>.</summary>
    public const string AddressFileName = "api.address";

    /// <summary>The file in the data directory holding the API key (64 hex characters), readable by its owner only.</summary>
    public const string CookieFileName = "api.cookie";

    /// <summary>The metadata key that carries the API key, as <c>Bearer KEY</c>.</summary>
    public const string AuthorizationHeader = "authorization";

    /// <summary>The networks a node can run on.</summary>
    public static IReadOnlyList<string> Networks { get; } = ["regtest", "signet", "testnet", "mainnet"];

    /// <summary><c>~/.tradenode/NETWORK</c>: each network has its own data directory, so a test node never touches a real wallet.</summary>
    public static string DataDirectory(string network) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tradenode", CheckNetwork(network));

    /// <summary>
    /// The API's default loopback port: 18736 on regtest, 38736 on signet, 28736 on testnet and 8736 on mainnet, so
    /// nodes of different networks can run side by side.
    /// </summary>
    public static int ApiPort(string network) => CheckNetwork(network) switch
    {
        "regtest" => 18736,
        "signet" => 38736,
        "testnet" => 28736,
        _ => 8736,
    };

    private static string CheckNetwork(string network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Networks.Contains(network)
            ? network
            : throw new ArgumentException($"Unknown network '{network}': use regtest, signet, testnet or mainnet.", nameof(network));
    }
}
