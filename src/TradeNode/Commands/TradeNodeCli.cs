using System.CommandLine;
using System.CommandLine.Parsing;
using TradeNode.Commands.Client;

namespace TradeNode.Commands;

/// <summary>
/// The <c>tradenode</c> command line. Bad input exits with <see cref="ExitCodes.BadInput"/> and one sentence on
/// stderr, nothing on stdout; no error message repeats a mnemonic or a passphrase.
/// </summary>
public static class TradeNodeCli
{
    public static RootCommand CreateRootCommand(TextReader input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var root = new RootCommand("TradeNode: a peer-to-peer Bitcoin marketplace node.");
        root.Subcommands.Add(new WalletCommand(input));
        root.Subcommands.Add(new AddressCommand(input));
        root.Subcommands.Add(new PsbtCommand(input));
        root.Subcommands.Add(new ChainCommand());

        // `tradenode node` runs the node; `node info` and `node stop` are client verbs talking to a running one.
        var node = new NodeCommand();
        node.Subcommands.Add(new NodeInfoCommand());
        node.Subcommands.Add(new NodeStopCommand());
        root.Subcommands.Add(node);
        root.Subcommands.Add(new BundleCommand());
        root.Subcommands.Add(new OffersCommand());
        root.Subcommands.Add(new TradesCommand());
        root.Subcommands.Add(new RatingsCommand());
        root.Subcommands.Add(new OrdersCommand());
        root.Subcommands.Add(new DisputesCommand());
        root.Subcommands.Add(new ListingsCommand());
        root.Subcommands.Add(new ArbitratorsCommand());
        root.Subcommands.Add(new PeersCommand());
        root.Subcommands.Add(new TuiCommand());
        ExamplesHelpAction.Install(root);
        return root;
    }

    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var parseResult = CreateRootCommand(input).Parse(args);

        // --help answers even when the rest of the line is incomplete (`tradenode wallet send --help`).
        if (parseResult.Errors.Count > 0 && parseResult.Action is not (ExamplesHelpAction or System.CommandLine.Help.HelpAction))
        {
            error.WriteLine(DescribeParseError(parseResult));
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,

            // The node flushes and closes its databases on SIGINT/SIGTERM; give it time before the process is ended.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return parseResult.Invoke(configuration);
        }
        catch (UsageException usage)
        {
            error.WriteLine(usage.Message);
            return ExitCodes.BadInput;
        }
#pragma warning disable CA1031 // The process boundary: report any failure as one sentence, never a stack trace.
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            error.WriteLine($"tradenode failed unexpectedly ({unexpected.GetType().Name}).");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// One sentence for the first parse error. Stray words are never echoed: an unquoted mnemonic or passphrase
    /// ends up there, and error output must not repeat a secret.
    /// </summary>
    private static string DescribeParseError(ParseResult parseResult)
    {
        var strayOption = parseResult.UnmatchedTokens.FirstOrDefault(token => token.StartsWith('-') && token.Length > 1);
        if (strayOption is not null)
        {
            return $"Unknown option '{strayOption}'; see tradenode --help.";
        }

        if (parseResult.UnmatchedTokens.Count > 0)
        {
            return "Unexpected argument on the command line: it is not a tradenode command, and a mnemonic or "
                + "passphrase with spaces must be quoted (or use --mnemonic - and write the words on stdin).";
        }

        var message = parseResult.Errors[0].Message.Trim();
        return message.EndsWith('.') ? message : message + ".";
    }
}
