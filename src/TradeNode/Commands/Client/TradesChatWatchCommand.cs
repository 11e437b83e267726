using System.CommandLine;
using Grpc.Core;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades chat-watch [ID]</c>: chat messages as they are sent and received.</summary>
internal sealed class TradesChatWatchCommand : ClientCommand
{
    private readonly Argument<string?> _id = new("trade-id") { Description = "Only this trade's chat; without it, every trade's.", Arity = ArgumentArity.ZeroOrOne };

    private readonly WatchOptions _watch;

    public TradesChatWatchCommand()
        : base("chat-watch", "Print chat messages as they are sent and received, until Ctrl+C.", "tradenode trades chat-watch 7c1d...", "tradenode trades chat-watch --json --count 1")
    {
        Arguments.Add(_id);
        _watch = new WatchOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new WatchChatRequest { TradeId = parseResult.GetValue(_id)?.Trim() ?? string.Empty };
        using var call = context.Connection.Trades.WatchChat(request, cancellationToken: cancellationToken);
        return await _watch.RunAsync(parseResult, call.ResponseStream.ReadAllAsync(cancellationToken), message =>
        {
            if (context.Json)
            {
                context.WriteJson(message);
                return;
            }

            ChatDisplay.Write(context.Output, message);
            context.Output.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
