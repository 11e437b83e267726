using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades cancel ID</c>: cancels a trade before its deposit is signed.</summary>
internal sealed class TradesCancelCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade whose deposit is not signed yet." };

    private readonly Option<string> _reason = new("--reason") { Description = "Why, shown to the counterparty.", HelpName = "text" };

    public TradesCancelCommand()
        : base("cancel", "Cancel a trade before its deposit is signed and release the funds reserved for it.", "tradenode trades cancel 7c1d... --reason \"bank holiday\"")
    {
        Arguments.Add(_id);
        Options.Add(_reason);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new CancelTradeRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Reason = parseResult.GetValue(_reason) ?? string.Empty };
        var trade = await context.Connection.Trades.CancelAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(trade, () => context.Output.WriteLine($"Trade {trade.TradeId} cancelled."));
    }
}
