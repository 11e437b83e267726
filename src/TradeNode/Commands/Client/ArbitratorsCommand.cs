using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode arbitrators ...</c>: the arbitrators offers and listings name.</summary>
internal sealed class ArbitratorsCommand : Command
{
    public ArbitratorsCommand()
        : base("arbitrators", "Arbitrators: register this node as one, list the known ones.")
    {
        Subcommands.Add(new ArbitratorsRegisterCommand());
        Subcommands.Add(new ArbitratorsListCommand());
    }
}
