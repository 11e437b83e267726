using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using TradeNode.Commands;
using TradeNode.Core.Node;

namespace TradeNode.Node;

/// <summary>
/// The settings of <c>tradenode node</c>, resolved from (highest first) the command line, <c>TRADENODE__*</c>
/// environment variables, DATADIR/appsettings.json and the defaults. The network and the data directory come from
/// the command line or the environment only, since appsettings.json lives in the data directory.
/// Keys (case-insensitive; in the environment prefix TRADENODE__ and use __ for ':'): Network, DataDir, P2PPort,
/// ApiPort, ApiBind, P2PBind, P2PAnnounce (a list like SeedPeers), Chain (embedded|rpc), RpcUrl, RpcCookie, RpcUser, RpcPassword, SeedPeers (a list: SeedPeers:0,
/// SeedPeers:1, or one comma-separated string), Name, AllowMainnet, MaxOutbound, Orders:VendorResponsePeriod (a duration: how
/// long a vendor may leave a funded order unanswered before the buyer can dispute it; default 72h), and for tests only Dev:OfferTtl
/// (a duration), Dev:ItemPowBits and Dev:InsecureKdf (true: nearly free Argon2id, so that wallet tests run fast).
/// </summary>
internal sealed class NodeSettings
{
    /// <summary>The environment variable prefix of node settings.</summary>
    public const string EnvironmentPrefix = "TRADENODE__";

    public required Bitcoin.Network Network { get; init; }

    public required string DataDirectory { get; init; }

    public required int P2PPort { get; init; }

    public required int ApiPort { get; init; }

    public required IPAddress ApiBind { get; init; }

    /// <summary>The interface the P2P port listens on (default loopback).</summary>
    public required IPAddress P2PBind { get; init; }

    /// <summary>host:port addresses peers are told to dial; empty announces 127.0.0.1:port.</summary>
    public required IReadOnlyList<string> P2PAnnounce { get; init; }

    public required ChainBackendKind Chain { get; init; }

    public Uri? RpcUrl { get; init; }

    public string? RpcCookie { get; init; }

    public string? RpcUser { get; init; }

    public string? RpcPassword { get; init; }

    public required IReadOnlyList<string> SeedPeers { get; init; }

    public required string Name { get; init; }

    public required bool AllowMainnet { get; init; }

    public required int MaxOutbound { get; init; }

    public TimeSpan? OfferTtl { get; init; }

    public TimeSpan? VendorResponsePeriod { get; init; }

    public int? ItemPowBits { get; init; }

    /// <summary>For tests only: encrypt the wallet seed with nearly free Argon2id parameters.</summary>
    public bool InsecureKdf { get; init; }

    /// <summary>
    /// The default ports per network, P2P and API: regtest 18735/18736, signet 38735/38736, testnet 28735/28736,
    /// mainnet 8735/8736, so nodes of different networks can run side by side.
    /// </summary>
    public static (int P2P, int Api) DefaultPorts(Bitcoin.Network network) => NetworkNames.Of(network) switch
    {
        "mainnet" => (8735, 8736),
        "testnet" => (28735, 28736),
        "signet" => (38735, 38736),
        _ => (18735, 18736),
    };

    /// <summary>Default data directory: ~/.tradenode/&lt;network&gt;.</summary>
    public static string DefaultDataDirectory(Bitcoin.Network network) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tradenode", NetworkNames.Of(network));

    /// <summary>Resolves the settings; <paramref name="commandLine"/> holds the values given on the command line (null when absent).</summary>
    public static NodeSettings Resolve(NodeCommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var environment = new ConfigurationBuilder().AddEnvironmentVariables(EnvironmentPrefix).Build();
        var networkText = commandLine.Network ?? environment["Network"] ?? "regtest";
        if (!Bitcoin.Network.TryGetNetwork(networkText, out var network))
        {
            throw new UsageException($"Unknown network '{networkText}': use regtest, signet, testnet or mainnet.");
        }

        var dataDirectory = Path.GetFullPath(commandLine.DataDirectory ?? environment["DataDir"] ?? DefaultDataDirectory(network));
        var settingsFile = Path.Combine(dataDirectory, "appsettings.json");
        IConfiguration config;
        try
        {
            config = new ConfigurationBuilder()
                .AddJsonFile(settingsFile, optional: true, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new UsageException($"Cannot read {settingsFile} ({ex.Message.TrimEnd('.')}).");
        }

        var ports = DefaultPorts(network);
        var chainText = commandLine.Chain ?? config["Chain"] ?? "embedded";
        var chain = chainText.ToLowerInvariant() switch
        {
            "embedded" => ChainBackendKind.Embedded,
            "rpc" => ChainBackendKind.Rpc,
            _ => throw new UsageException($"The chain backend is 'embedded' or 'rpc', not '{chainText}'."),
        };
        var rpcUrlText = commandLine.RpcUrl ?? config["RpcUrl"];
        Uri? rpcUrl = null;
        if (rpcUrlText is not null && (!Uri.TryCreate(rpcUrlText, UriKind.Absolute, out rpcUrl) || rpcUrl.Scheme is not ("http" or "https")))
        {
            throw new UsageException($"--rpc-url must be an http:// URL such as http://127.0.0.1:18443, not '{rpcUrlText}'.");
        }

        var bindText = commandLine.ApiBind ?? config["ApiBind"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(bindText, out var bind))
        {
            throw new UsageException($"--api-bind must be an IP address such as 127.0.0.1, not '{bindText}'.");
        }

        var p2pBindText = commandLine.P2PBind ?? config["P2PBind"] ?? "127.0.0.1";
        if (!IPAddress.TryParse(p2pBindText, out var p2pBind))
        {
            throw new UsageException($"--p2p-bind must be an IP address such as 0.0.0.0, not '{p2pBindText}'.");
        }

        var announce = commandLine.P2PAnnounce.Count > 0 ? commandLine.P2PAnnounce : ReadList(config, "P2PAnnounce");
        var seeds = commandLine.SeedPeers.Count > 0 ? commandLine.SeedPeers : ReadList(config, "SeedPeers");
        RequireHostPorts(seeds, "--seed-peer");
        RequireHostPorts(announce, "--p2p-announce");

        return new NodeSettings
        {
            Network = network,
            DataDirectory = dataDirectory,
            P2PPort = commandLine.P2PPort ?? ReadInt(config, "P2PPort", 0, 65535) ?? ports.P2P,
            ApiPort = commandLine.ApiPort ?? ReadInt(config, "ApiPort", 0, 65535) ?? ports.Api,
            ApiBind = bind,
            P2PBind = p2pBind,
            P2PAnnounce = announce,
            Chain = chain,
            RpcUrl = rpcUrl,
            RpcCookie = commandLine.RpcCookie ?? config["RpcCookie"],
            RpcUser = commandLine.RpcUser ?? config["RpcUser"],
            RpcPassword = commandLine.RpcPassword ?? config["RpcPassword"],
            SeedPeers = seeds,
            Name = commandLine.Name ?? config["Name"] ?? string.Empty,
            AllowMainnet = commandLine.AllowMainnet || ReadBool(config, "AllowMainnet"),
            MaxOutbound = commandLine.MaxOutbound ?? ReadInt(config, "MaxOutbound", 0, 64) ?? 8,
            OfferTtl = commandLine.OfferTtl ?? ReadDuration(config, "Dev:OfferTtl"),
            VendorResponsePeriod = commandLine.VendorResponsePeriod ?? ReadDuration(config, "Orders:VendorResponsePeriod"),
            ItemPowBits = commandLine.ItemPowBits ?? ReadInt(config, "Dev:ItemPowBits", 0, 32),
            InsecureKdf = commandLine.InsecureKdf || ReadBool(config, "Dev:InsecureKdf"),
        };
    }

    private static List<string> ReadList(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var children = section.GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (children.Count > 0)
        {
            return children;
        }

        return section.Value is { } single
            ? [.. single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : [];
    }

    private static int? ReadInt(IConfiguration config, string key, int minimum, int maximum)
    {
        var text = config[key];
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? value
            : throw new UsageException($"The setting {key} must be a whole number from {minimum} to {maximum}, not '{text}'.");
    }

    private static bool ReadBool(IConfiguration config, string key)
    {
        var text = config[key];
        return text is not null && (bool.TryParse(text, out var value)
            ? value
            : throw new UsageException($"The setting {key} must be true or false, not '{text}'."));
    }

    private static TimeSpan? ReadDuration(IConfiguration config, string key)
    {
        var text = config[key];
        if (text is null)
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new UsageException($"The setting {key} must be a positive time span such as 00:00:05, not '{text}'.");
    }

    private static void RequireHostPorts(IReadOnlyList<string> addresses, string option)
    {
        foreach (var address in addresses)
        {
            var colon = address.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            {
                throw new UsageException($"{option} takes host:port, not '{address}'.");
            }
        }
    }
}
