using System.CommandLine;
using TradeNode.Node;
using TradeNode.P2P;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode node --datadir DIR --p2p-port N [--seed host:port ...] [--max-outbound K] [--control-port M]</c>: the P2P-only host. Its
/// identity comes from DIR/node.seed (created on first run); it serves peers over h2c on 127.0.0.1:N, prints its node
/// id and listen address, and runs until Ctrl+C, SIGTERM or POST /stop on the control port.
/// </summary>
public sealed class NodeCommand : Command
{
    private readonly Option<string> _dataDirectory = new("--datadir")
    {
        Description = "Directory of the node seed, the item store and the peer database.",
        HelpName = "dir",
        DefaultValueFactory = _ => Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".tradenode", "node"),
    };

    private readonly Option<int> _p2pPort = new("--p2p-port")
    {
        Description = "Loopback port peers connect to (0 picks a free one and prints it).",
        DefaultValueFactory = _ => 9735,
        CustomParser = result => OptionParsers.ParseInt(result, "--p2p-port", 0, 65535),
    };

    private readonly Option<string[]> _seeds = new("--seed")
    {
        Description = "A peer to connect to, host:port (repeatable).",
        HelpName = "host:port",
        AllowMultipleArgumentsPerToken = false,
    };

    private readonly Option<int?> _controlPort = new("--control-port")
    {
        Description = "Loopback port of a small HTTP JSON control surface (items, mailbox, stop) for tests and demos.",
        CustomParser = result => OptionParsers.ParseInt(result, "--control-port", 0, 65535),
    };

    private readonly Option<int> _maxOutbound = new("--max-outbound")
    {
        Description = "How many peers this node dials and keeps (default 8); 1 with --seed keeps a line of nodes a line.",
        DefaultValueFactory = _ => 8,
        CustomParser = result => OptionParsers.ParseInt(result, "--max-outbound", 0, 64),
    };

    private readonly Option<string> _name = new("--name") { Description = "Display name in this node's profile." };

    public NodeCommand()
        : base("node", "Run the P2P node: gossip, sync and mailbox with the peers given and the peers they know.")
    {
        Options.Add(_dataDirectory);
        Options.Add(_p2pPort);
        Options.Add(_seeds);
        Options.Add(_controlPort);
        Options.Add(_maxOutbound);
        Options.Add(_name);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var seeds = parseResult.GetValue(_seeds) ?? [];
        foreach (var seed in seeds)
        {
            var colon = seed.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), out var port) || port is <= 0 or > 65535)
            {
                throw new UsageException($"--seed takes host:port, not '{seed}'.");
            }
        }

        var dataDirectory = Path.GetFullPath(parseResult.GetValue(_dataDirectory)!);
        var options = new P2PNodeOptions
        {
            DataDirectory = dataDirectory,
            ListenPort = parseResult.GetValue(_p2pPort),
            Name = parseResult.GetValue(_name) ?? string.Empty,
            Peers = new P2P.Peers.PeerManagerOptions { Seeds = seeds, OutboundTarget = parseResult.GetValue(_maxOutbound) },
        };

        P2PNode node;
        try
        {
            node = await P2PNode.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new UsageException($"Cannot start the node in {dataDirectory} on port {options.ListenPort} ({ex.Message.TrimEnd('.')}); is another node running there?");
        }
        catch (Exception ex) when (ex is FormatException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            throw new UsageException($"Cannot open the node's data in {dataDirectory} ({ex.Message.TrimEnd('.')}).");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        NodeControlServer? control = null;
        try
        {
            if (parseResult.GetValue(_controlPort) is { } controlPort)
            {
                control = await NodeControlServer.StartAsync(node, controlPort, stopping.Cancel, cancellationToken).ConfigureAwait(false);
            }

            output.WriteLine($"TradeNode node {node.Identity.Id} key {node.Identity.PublicKey.ToHex()}");
            output.WriteLine($"P2P on {node.ListenAddress}");
            if (control is not null)
            {
                output.WriteLine($"Control on {control.Address}");
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
            await node.DisposeAsync().ConfigureAwait(false);
            if (control is not null)
            {
                await control.DisposeAsync().ConfigureAwait(false);
            }
        }

        output.WriteLine("Stopped.");
        return ExitCodes.Success;
    }
}
