using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet balance</c>: available, confirmed, unconfirmed and reserved balances.</summary>
internal sealed class WalletBalanceCommand : ClientCommand
{
    public WalletBalanceCommand()
        : base("balance", "Show the wallet's available, confirmed, unconfirmed and reserved (for offers and trades) balances.", "tradenode wallet balance", "tradenode wallet balance --json")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var balance = await context.Connection.Wallet.GetBalanceAsync(new GetBalanceRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(balance, () => Display.AddBalance(new Fields(), balance).Write(context.Output));
    }
}
