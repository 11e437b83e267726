using System.CommandLine;

namespace TradeNode.Commands;

/// <summary><c>tradenode wallet ...</c>: wallet verbs.</summary>
public sealed class WalletCommand : Command
{
    public WalletCommand()
        : base("wallet", "Wallet tools.")
    {
        Subcommands.Add(new NewMnemonicCommand());
    }
}
