using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>--count N</c> of a watch verb: stop after N events (for scripts and tests); without it, run until Ctrl+C.</summary>
internal sealed class WatchOptions
{
    private readonly Option<int?> _count = new("--count")
    {
        Description = "Exit after this many events (the current state counts); without it, watch until Ctrl+C.",
        HelpName = "n",
        CustomParser = result => OptionParsers.ParseInt(result, "--count", 1, int.MaxValue),
    };

    public WatchOptions(Command command) => command.Options.Add(_count);

    /// <summary>Reads every event of <paramref name="events"/> into <paramref name="print"/>, up to --count of them.</summary>
    public async Task<int> RunAsync<T>(ParseResult parseResult, IAsyncEnumerable<T> events, Action<T> print, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(print);
        var limit = parseResult.GetValue(_count);
        var seen = 0;
        await foreach (var item in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            print(item);
            if (++seen == limit)
            {
                break;
            }
        }

        return ExitCodes.Success;
    }
}
