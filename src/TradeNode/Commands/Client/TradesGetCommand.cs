using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades get ID</c>: one trade, every field.</summary>
internal sealed class TradesGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "The trade's id (from trades list)." };

    public TradesGetCommand()
        : base("get", "Show one trade: terms, escrow, transactions, deadline and the next action.", "tradenode trades get 7c1d...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var trade = await context.Connection.Trades.GetAsync(new GetTradeRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(trade, () => TradeDisplay.Write(context.Output, trade));
    }
}
