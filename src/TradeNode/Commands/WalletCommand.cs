using System.CommandLine;
using TradeNode.Commands.Client;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode wallet ...</c>: the running node's wallet through its API, and <c>new-mnemonic</c>, which works
/// offline.
/// </summary>
public sealed class WalletCommand : Command
{
    public WalletCommand(TextReader input)
        : base("wallet", "The node's wallet: create, unlock, balance, addresses, send; and offline tools.")
    {
        var secrets = new SecretInput(input);
        Subcommands.Add(new NewMnemonicCommand());
        Subcommands.Add(new WalletStatusCommand());
        Subcommands.Add(new WalletCreateCommand(secrets));
        Subcommands.Add(new WalletRestoreCommand(secrets));
        Subcommands.Add(new WalletUnlockCommand(secrets));
        Subcommands.Add(new WalletLockCommand());
        Subcommands.Add(new WalletBalanceCommand());
        Subcommands.Add(new WalletAddressCommand());
        Subcommands.Add(new WalletTransactionsCommand());
        Subcommands.Add(new WalletSendCommand());
        Subcommands.Add(new WalletFundCommand());
        Subcommands.Add(new WalletWatchCommand());
    }
}
