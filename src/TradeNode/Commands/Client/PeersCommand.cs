using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode peers ...</c>: the node's P2P connections.</summary>
internal sealed class PeersCommand : Command
{
    public PeersCommand()
        : base("peers", "The node's peers: list, add and remove.")
    {
        Subcommands.Add(new PeersListCommand());
        Subcommands.Add(new PeersAddCommand());
        Subcommands.Add(new PeersRemoveCommand());
    }
}
