using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades chat ID TEXT</c>: sends a chat message to the other participants of a trade.</summary>
internal sealed class TradesChatCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade this node takes part in." };

    private readonly Argument<string> _text = new("text") { Description = "The message: at most 2000 characters, no control characters but newline and tab (quote it)." };

    public TradesChatCommand()
        : base("chat", "Send a chat message to the trade's counterparty (and its arbitrator once a dispute is open); it waits in the network while they are offline.",
            "tradenode trades chat 7c1d... \"Payment sent, reference TN-42\"", "tradenode trades chat 7c1d... \"Received, thanks\" --json")
    {
        Arguments.Add(_id);
        Arguments.Add(_text);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new SendChatMessageRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Text = parseResult.GetValue(_text)! };
        var message = await context.Connection.Trades.SendChatMessageAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(message, () => ChatDisplay.Write(context.Output, message));
    }
}
