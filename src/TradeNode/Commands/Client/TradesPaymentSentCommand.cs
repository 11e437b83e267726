using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades payment-sent ID</c>: the buyer says the fiat payment is sent.</summary>
internal sealed class TradesPaymentSentCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade where this node buys bitcoin and the deposit is confirmed." };

    public TradesPaymentSentCommand()
        : base("payment-sent", "As the buyer, confirm that the fiat payment was sent to the seller's account.", "tradenode trades payment-sent 7c1d...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var trade = await context.Connection.Trades.ConfirmPaymentSentAsync(new ConfirmPaymentSentRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(trade, () => context.Output.WriteLine($"Trade {trade.TradeId}: payment sent; now {TradeDisplay.State(trade.State)}, next {trade.NextAction}."));
    }
}
