using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades payment-received ID</c>: the seller says the fiat arrived and signs the payout.</summary>
internal sealed class TradesPaymentReceivedCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade where this node sells bitcoin and the deposit is confirmed." };

    public TradesPaymentReceivedCommand()
        : base("payment-received", "As the seller, confirm that the fiat payment arrived: signs the payout, which the buyer broadcasts.", "tradenode trades payment-received 7c1d...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var trade = await context.Connection.Trades.ConfirmPaymentReceivedAsync(new ConfirmPaymentReceivedRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(trade, () => context.Output.WriteLine($"Trade {trade.TradeId}: payment received, payout signed; now {TradeDisplay.State(trade.State)}."));
    }
}
