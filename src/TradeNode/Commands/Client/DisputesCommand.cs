using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes ...</c>: opening a dispute as a trader, deciding it as the arbitrator, accepting the decision.</summary>
internal sealed class DisputesCommand : Command
{
    public DisputesCommand()
        : base("disputes", "Disputes: open one and add evidence (trader), decide the split (arbitrator), accept the decision (trader), list, show and watch.")
    {
        Subcommands.Add(new DisputesOpenCommand());
        Subcommands.Add(new DisputesEvidenceCommand());
        Subcommands.Add(new DisputesListCommand());
        Subcommands.Add(new DisputesGetCommand());
        Subcommands.Add(new DisputesResolveCommand());
        Subcommands.Add(new DisputesAcceptCommand());
        Subcommands.Add(new DisputesWatchCommand());
    }
}
