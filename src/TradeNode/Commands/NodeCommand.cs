using System.CommandLine;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Logging;
using TradeNode.Api;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.Core.Wallet;
using TradeNode.Node;
using TradeNode.P2P.Items;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode node [--network regtest|signet|testnet|mainnet] [--datadir DIR] [--p2p-port N] [--api-port N] ...</c>:
/// the node host. Opens the node's runtime (P2P, chain backend, wallet and market services) and serves the gRPC API
/// on 127.0.0.1; prints its node id, P2P and API addresses, and runs until Ctrl+C, SIGTERM, Node.Stop or (for tests)
/// POST /stop on the control port. Settings also come from DATADIR/appsettings.json and TRADENODE__* environment
/// variables (see <see cref="NodeSettings"/>).
/// </summary>
public sealed class NodeCommand : Command
{
    private readonly Option<string> _network = new("--network")
    {
        Description = "regtest (default), signet, testnet or mainnet.",
        HelpName = "network",
    };

    private readonly Option<string> _dataDirectory = new("--datadir")
    {
        Description = "The node's data directory (default ~/.tradenode/<network>): wallet, items, chain, api.cookie, api.address.",
        HelpName = "dir",
    };

    private readonly Option<int?> _p2pPort = new("--p2p-port")
    {
        Description = "Port peers connect to (default regtest 18735, testnet 28735, signet 38735, mainnet 8735; 0 picks a free one).",
        CustomParser = result => OptionParsers.ParseInt(result, "--p2p-port", 0, 65535),
    };

    private readonly Option<int?> _apiPort = new("--api-port")
    {
        Description = "Port of the gRPC API (default regtest 18736, testnet 28736, signet 38736, mainnet 8736; 0 picks a free one).",
        CustomParser = result => OptionParsers.ParseInt(result, "--api-port", 0, 65535),
    };

    private readonly Option<string> _apiBind = new("--api-bind")
    {
        Description = "Address the API listens on (default 127.0.0.1). Anything but loopback exposes the wallet's API to the network.",
        HelpName = "ip",
    };

    private readonly Option<string> _p2pBind = new("--p2p-bind")
    {
        Description = "Address the P2P port listens on (default 127.0.0.1); 0.0.0.0 to take peers from the network, with --p2p-announce.",
        HelpName = "ip",
    };

    private readonly Option<string[]> _p2pAnnounce = new("--p2p-announce")
    {
        Description = "host:port peers should dial to reach this node, told to them in the handshake and the node profile (repeatable).",
        HelpName = "host:port",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _chain = new("--chain")
    {
        Description = "Chain backend: embedded (default; the node's own regtest chain) or rpc (bitcoind JSON-RPC at --rpc-url).",
        HelpName = "embedded|rpc",
    };

    private readonly Option<string> _rpcUrl = new("--rpc-url") { Description = "bitcoind JSON-RPC URL, e.g. http://127.0.0.1:18443.", HelpName = "url" };

    private readonly Option<string> _rpcCookie = new("--rpc-cookie") { Description = "bitcoind's .cookie file.", HelpName = "file" };

    private readonly Option<string> _rpcUser = new("--rpc-user") { Description = "RPC user (with --rpc-password), instead of a cookie." };

    private readonly Option<string> _rpcPassword = new("--rpc-password") { Description = "RPC password (with --rpc-user)." };

    private readonly Option<string[]> _seeds = new("--seed-peer", "--seed")
    {
        Description = "A peer to connect to, host:port (repeatable).",
        HelpName = "host:port",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<string> _name = new("--name") { Description = "Display name in this node's profile." };

    private readonly Option<bool> _allowMainnet = new("--allow-mainnet")
    {
        Description = "Run on mainnet although this software is young and mainnet means real money.",
    };

    private readonly Option<int?> _controlPort = new("--control-port")
    {
        Description = "Loopback port of a small HTTP JSON control surface (items, mailbox, stop) for tests and demos.",
        CustomParser = result => OptionParsers.ParseInt(result, "--control-port", 0, 65535),
    };

    private readonly Option<int?> _maxOutbound = new("--max-outbound")
    {
        Description = "How many peers this node dials and keeps (default 8); 1 with --seed-peer keeps a line of nodes a line.",
        CustomParser = result => OptionParsers.ParseInt(result, "--max-outbound", 0, 64),
    };

    private readonly Option<TimeSpan?> _offerTtl = new("--offer-ttl")
    {
        Description = "For tests: lifetime of published offers (e.g. 5s) instead of the network's default.",
        HelpName = "duration",
        CustomParser = result => OptionParsers.ParseDuration(result, "--offer-ttl", TimeSpan.FromSeconds(1)),
    };

    private readonly Option<TimeSpan?> _vendorResponsePeriod = new("--vendor-response-period")
    {
        Description = "How long a vendor may leave a funded order unanswered (from the funding's first confirmation) before the buyer can open a dispute for a refund (default 72h).",
        HelpName = "duration",
        CustomParser = result => OptionParsers.ParseDuration(result, "--vendor-response-period", TimeSpan.FromSeconds(1)),
    };

    private readonly Option<int?> _itemPowBits = new("--item-pow-bits")
    {
        Description = "For tests: proof-of-work bits per item (the network's default is 10; nodes with different values reject each other's items).",
        CustomParser = result => OptionParsers.ParseInt(result, "--item-pow-bits", 0, 32),
        Hidden = true,
    };

    private readonly Option<bool> _insecureKdf = new("--insecure-kdf")
    {
        Description = "For tests only: encrypt the wallet seed with nearly free Argon2id parameters (a stolen wallet file is then easy to brute-force).",
        Hidden = true,
    };

    public NodeCommand()
        : base("node", "Run the node: P2P network, chain backend, wallet, offers and listings, and the gRPC API on 127.0.0.1.")
    {
        Options.Add(_network);
        Options.Add(_dataDirectory);
        Options.Add(_p2pPort);
        Options.Add(_apiPort);
        Options.Add(_apiBind);
        Options.Add(_p2pBind);
        Options.Add(_p2pAnnounce);
        Options.Add(_chain);
        Options.Add(_rpcUrl);
        Options.Add(_rpcCookie);
        Options.Add(_rpcUser);
        Options.Add(_rpcPassword);
        Options.Add(_seeds);
        Options.Add(_name);
        Options.Add(_allowMainnet);
        Options.Add(_controlPort);
        Options.Add(_maxOutbound);
        Options.Add(_offerTtl);
        Options.Add(_vendorResponsePeriod);
        Options.Add(_itemPowBits);
        Options.Add(_insecureKdf);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var settings = NodeSettings.Resolve(new NodeCommandLine
        {
            Network = parseResult.GetValue(_network),
            DataDirectory = parseResult.GetValue(_dataDirectory),
            P2PPort = parseResult.GetValue(_p2pPort),
            ApiPort = parseResult.GetValue(_apiPort),
            ApiBind = parseResult.GetValue(_apiBind),
            P2PBind = parseResult.GetValue(_p2pBind),
            P2PAnnounce = parseResult.GetValue(_p2pAnnounce) ?? [],
            Chain = parseResult.GetValue(_chain),
            RpcUrl = parseResult.GetValue(_rpcUrl),
            RpcCookie = parseResult.GetValue(_rpcCookie),
            RpcUser = parseResult.GetValue(_rpcUser),
            RpcPassword = parseResult.GetValue(_rpcPassword),
            SeedPeers = parseResult.GetValue(_seeds) ?? [],
            Name = parseResult.GetValue(_name),
            AllowMainnet = parseResult.GetValue(_allowMainnet),
            MaxOutbound = parseResult.GetValue(_maxOutbound),
            OfferTtl = parseResult.GetValue(_offerTtl),
            VendorResponsePeriod = parseResult.GetValue(_vendorResponsePeriod),
            ItemPowBits = parseResult.GetValue(_itemPowBits),
            InsecureKdf = parseResult.GetValue(_insecureKdf),
        });
        if (settings.Network == Bitcoin.Network.Main && !settings.AllowMainnet)
        {
            throw new UsageException("Refusing to run on mainnet: TradeNode is young software and mainnet means real money; "
                + "pass --allow-mainnet (or set AllowMainnet) once you accept that risk.");
        }

        // TRADENODE_LOG_LEVEL (Information, Debug, ...) shows more than warnings, to follow a trade or a peer link.
        var level = Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("TRADENODE_LOG_LEVEL"), ignoreCase: true, out var asked) ? asked : LogLevel.Warning;
        using var loggers = LoggerFactory.Create(logging => logging
            .SetMinimumLevel(level)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console => console.SingleLine = true));

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runtime = await StartRuntimeAsync(settings, loggers, cancellationToken).ConfigureAwait(false);
        ApiServer? api = null;
        NodeControlServer? control = null;
        try
        {
            api = await StartApiAsync(runtime, settings, stopping, loggers, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(_controlPort) is { } controlPort)
            {
                control = await NodeControlServer.StartAsync(runtime.P2P, controlPort, stopping.Cancel, runtime.Mail, cancellationToken).ConfigureAwait(false);
            }

            var node = runtime.P2P;
            output.WriteLine($"TradeNode node {node.Identity.Id} key {node.Identity.PublicKey.ToHex()}");
            output.WriteLine($"Network {NetworkNames.Of(settings.Network)}, chain {runtime.ChainBackendName}, data in {settings.DataDirectory}");
            output.WriteLine($"P2P on {node.ListenAddress}");
            output.WriteLine($"API on {api.Address.GetLeftPart(UriPartial.Authority)}");
            if (control is not null)
            {
                output.WriteLine($"Control on {control.Address}");
            }

            if (!IPAddress.IsLoopback(settings.ApiBind))
            {
                error.WriteLine($"Warning: the API listens on {settings.ApiBind}, not only on loopback; anyone who can reach it and has the API key controls the wallet.");
            }

            output.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync().ConfigureAwait(false);
            }

            if (control is not null)
            {
                await control.DisposeAsync().ConfigureAwait(false);
            }

            await runtime.DisposeAsync().ConfigureAwait(false);
        }

        output.WriteLine("Stopped.");
        return ExitCodes.Success;
    }

    private static async Task<NodeRuntime> StartRuntimeAsync(NodeSettings settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var options = new NodeRuntimeOptions
        {
            Network = settings.Network,
            DataDirectory = settings.DataDirectory,
            P2PPort = settings.P2PPort,
            P2PBind = settings.P2PBind,
            P2PAnnounce = settings.P2PAnnounce,
            SeedPeers = settings.SeedPeers,
            MaxOutboundPeers = settings.MaxOutbound,
            Name = settings.Name,
            ChainBackend = settings.Chain,
            RpcUrl = settings.RpcUrl,
            RpcCookieFile = settings.RpcCookie,
            RpcUser = settings.RpcUser,
            RpcPassword = settings.RpcPassword,
            ItemPolicy = settings.ItemPowBits is { } bits ? ItemPolicy.WithDifficulty(bits) : ItemPolicy.Default,
            OfferTtl = settings.OfferTtl,
            VendorResponsePeriod = settings.VendorResponsePeriod,
            WalletKdf = settings.InsecureKdf ? WalletKdfParameters.InsecureForTests : WalletKdfParameters.Default,
        };
        try
        {
            return await NodeRuntime.StartAsync(options, loggers, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidInputException ex)
        {
            throw new UsageException(ex.Message);
        }
        catch (IOException ex)
        {
            throw new UsageException($"Cannot start the node in {settings.DataDirectory} with P2P port {settings.P2PPort} ({ex.Message.TrimEnd('.')}); is another node running there?");
        }
        catch (Exception ex) when (ex is FormatException or UnauthorizedAccessException or InvalidDataException or LiteDB.LiteException)
        {
            throw new UsageException($"Cannot open the node's data in {settings.DataDirectory} ({ex.Message.TrimEnd('.')}).");
        }
    }

    private static async Task<ApiServer> StartApiAsync(NodeRuntime runtime, NodeSettings settings, CancellationTokenSource stopping, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var options = new ApiServerOptions
        {
            BindAddress = settings.ApiBind,
            Port = settings.ApiPort,
            Version = Version(),
            RequestStop = stopping.Cancel,
        };
        try
        {
            return await ApiServer.StartAsync(runtime, options, loggers, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UsageException($"Cannot serve the API on {settings.ApiBind}:{settings.ApiPort} ({ex.Message.TrimEnd('.')}); is another node running? Choose another --api-port.");
        }
    }

    /// <summary>The executable's version without the source revision suffix, e.g. "0.1.0".</summary>
    private static string Version()
    {
        var informational = typeof(NodeCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
