using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades chat-list ID</c>: a trade's chat, oldest first.</summary>
internal sealed class TradesChatListCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade this node takes part in (or arbitrates)." };

    public TradesChatListCommand()
        : base("chat-list", "Print a trade's chat in the order it was written.", "tradenode trades chat-list 7c1d...", "tradenode trades chat-list 7c1d... --json")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Trades.ListChatAsync(new ListChatRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            if (response.Messages.Count == 0)
            {
                context.Output.WriteLine("No chat messages yet.");
            }

            foreach (var message in response.Messages)
            {
                ChatDisplay.Write(context.Output, message);
            }
        });
    }
}
