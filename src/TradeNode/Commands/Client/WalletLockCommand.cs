using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet lock</c>: forgets the decrypted seed at once.</summary>
internal sealed class WalletLockCommand : ClientCommand
{
    public WalletLockCommand()
        : base("lock", "Lock the wallet now: the node forgets the decrypted seed.", "tradenode wallet lock")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Wallet.LockAsync(new LockWalletRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine("Wallet locked."));
    }
}
