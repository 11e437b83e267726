using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes watch</c>: every change of this node's disputes, one line each.</summary>
internal sealed class DisputesWatchCommand : ClientCommand
{
    private readonly Option<bool> _current = new("--current") { Description = "First print every open dispute as it is now." };
    private readonly WatchOptions _watch;

    public DisputesWatchCommand()
        : base("watch", "Print every change of this node's disputes (as a trader and as the arbitrator) as it happens, until Ctrl+C.", "tradenode disputes watch", "tradenode disputes watch --current --json --count 1")
    {
        Options.Add(_current);
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new WatchDisputesRequest { IncludeCurrent = parseResult.GetValue(_current) };
        using var call = context.Connection.Disputes.Watch(request, cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), dispute =>
        {
            if (context.Json)
            {
                context.WriteJson(dispute);
                return;
            }

            context.Output.WriteLine(DisputeDisplay.Line(dispute));
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
