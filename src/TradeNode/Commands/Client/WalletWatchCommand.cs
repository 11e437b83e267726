using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet watch</c>: the wallet's status and balance now and on every change.</summary>
internal sealed class WalletWatchCommand : ClientCommand
{
    private readonly WatchOptions _watch;

    public WalletWatchCommand()
        : base("watch", "Print the wallet's status and balance now and whenever they change, until Ctrl+C.", "tradenode wallet watch", "tradenode wallet watch --json --count 2")
    {
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var call = context.Connection.Wallet.Watch(new WatchWalletRequest(), cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), status =>
        {
            if (context.Json)
            {
                context.WriteJson(status);
                return;
            }

            context.Output.WriteLine($"-- {Display.Time(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow))}");
            WalletStatusCommand.Write(context.Output, status);
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
