using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet transactions</c>: the wallet's transactions, newest first.</summary>
internal sealed class WalletTransactionsCommand : ClientCommand
{
    private readonly PageOptions _page;

    public WalletTransactionsCommand()
        : base("transactions", "List the wallet's transactions, newest first: amount (negative when sent, fee included), fee, confirmations.", "tradenode wallet transactions --limit 20")
    {
        _page = new PageOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new ListTransactionsRequest { Page = _page.Read(parseResult) };
        var response = await context.Connection.Wallet.ListTransactionsAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var table = new TextTable("TXID", "AMOUNT BTC", "FEE SATS", "CONF", "HEIGHT", "TIME", "LABEL").AlignRight("AMOUNT BTC", "FEE SATS", "CONF", "HEIGHT");
            foreach (var tx in response.Transactions)
            {
                table.Add(
                    tx.Txid,
                    Display.Btc(tx.AmountSats),
                    Display.Sats(tx.FeeSats),
                    tx.Confirmations.ToString(CultureInfo.InvariantCulture),
                    tx.BlockHeight == 0 ? "-" : tx.BlockHeight.ToString(CultureInfo.InvariantCulture),
                    Display.Time(tx.Time),
                    Display.OrDash(tx.Label));
            }

            table.Write(context.Output, "No transactions.");
            PageOptions.WriteFooter(context.Output, response.Transactions.Count, response.Page);
        });
    }
}
