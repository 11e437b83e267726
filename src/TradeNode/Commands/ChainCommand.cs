using System.CommandLine;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;
using TradeNode.Chain.Rpc;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode chain --datadir DIR --rpcport 18443 [--rpcuser U --rpcpassword P] [--automine 2s]</c>: runs the
/// embedded regtest chain and serves Bitcoin Core's JSON-RPC on 127.0.0.1 until the <c>stop</c> RPC or Ctrl+C.
/// </summary>
public sealed class ChainCommand : Command
{
    private readonly Option<string> _dataDirectory = new("--datadir")
    {
        Description = "Directory of the chain database and the .cookie file.",
        HelpName = "dir",
        DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tradenode", "regtest-chain"),
    };

    private readonly Option<int> _rpcPort = new("--rpcport")
    {
        Description = "Loopback port of the JSON-RPC server (0 picks a free one and prints it).",
        DefaultValueFactory = _ => 18443,
        CustomParser = result => OptionParsers.ParseInt(result, "--rpcport", 0, 65535),
    };

    private readonly Option<string> _rpcUser = new("--rpcuser") { Description = "RPC user; without it a cookie file is written in the data directory." };

    private readonly Option<string> _rpcPassword = new("--rpcpassword") { Description = "RPC password (with --rpcuser)." };

    private readonly Option<TimeSpan?> _automine = new("--automine")
    {
        Description = "Mine a block at this interval whenever the mempool is not empty (e.g. 2s), for demos.",
        HelpName = "duration",
        CustomParser = result => OptionParsers.ParseDuration(result, "--automine", TimeSpan.FromMilliseconds(100)),
    };

    private readonly Option<string> _automineAddress = new("--automine-address")
    {
        Description = "Regtest address the automatic blocks pay (default: an anyone-can-spend P2WSH of OP_TRUE).",
        HelpName = "bcrt1...",
    };

    public ChainCommand()
        : base("chain", "Run the embedded regtest chain with Bitcoin Core's JSON-RPC on 127.0.0.1.")
    {
        Options.Add(_dataDirectory);
        Options.Add(_rpcPort);
        Options.Add(_rpcUser);
        Options.Add(_rpcPassword);
        Options.Add(_automine);
        Options.Add(_automineAddress);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var user = parseResult.GetValue(_rpcUser);
        var password = parseResult.GetValue(_rpcPassword);
        if (string.IsNullOrEmpty(user) != string.IsNullOrEmpty(password))
        {
            throw new UsageException("Give both --rpcuser and --rpcpassword, or neither (cookie authentication).");
        }

        var automineScript = AutomineScript(parseResult.GetValue(_automineAddress));
        var dataDirectory = Path.GetFullPath(parseResult.GetValue(_dataDirectory)!);
        using var chain = OpenChain(dataDirectory);
        var options = new ChainRpcServerOptions { DataDirectory = dataDirectory, Port = parseResult.GetValue(_rpcPort), User = user, Password = password };
        ChainRpcServer server;
        try
        {
            server = await ChainRpcServer.StartAsync(chain, options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UsageException($"Cannot listen on 127.0.0.1:{options.Port} ({ex.Message.TrimEnd('.')}); is another chain or bitcoind running? Choose another --rpcport.");
        }

        await using (server.ConfigureAwait(false))
        {
            var interval = parseResult.GetValue(_automine);
            var miner = interval is { } every ? new AutoMiner(chain, every, automineScript) : null;
            try
            {
                output.WriteLine($"TradeNode regtest chain at height {chain.Height} ({chain.Tip.Hash})");
                output.WriteLine($"JSON-RPC on {server.Address} " + (server.CookiePath is null ? "(user and password)" : $"(cookie {server.CookiePath})"));
                if (interval is not null)
                {
                    output.WriteLine($"Automine every {interval.Value.TotalSeconds:0.###}s when the mempool is not empty");
                }

                output.Flush();
                try
                {
                    await server.Stopped.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    await server.StopAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                if (miner is not null)
                {
                    await miner.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        output.WriteLine($"Stopped at height {chain.Height}.");
        return ExitCodes.Success;
    }

    private static RegtestChain OpenChain(string dataDirectory)
    {
        try
        {
            return RegtestChain.Open(dataDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or LiteDB.LiteException)
        {
            throw new UsageException($"Cannot open the chain in {dataDirectory} ({ex.GetType().Name}: {ex.Message.TrimEnd('.')}).");
        }
    }

    private static Script AutomineScript(string? address)
    {
        if (address is null)
        {
            return PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(new Script(Op.FromCode(OpcodeType.OP_TRUE)));
        }

        return BitcoinAddress.TryCreate(address, Network.RegTest, out var parsed)
            ? parsed.ScriptPubKey
            : throw new UsageException("--automine-address must be a regtest address (bcrt1... or m/n/2...).");
    }
}
