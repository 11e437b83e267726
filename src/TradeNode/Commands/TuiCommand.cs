using System.CommandLine;
using TradeNode.Api.V1;
using TradeNode.Commands.Client;
using TradeNode.Tui;

namespace TradeNode.Commands;

/// <summary>
/// <c>tradenode tui</c>: the terminal front-end for a running node, a client of its API like the other client verbs.
/// The node is asked for its info before the terminal is taken over, so a missing node or a refused key ends with the
/// usual one sentence saying what to do (start a node, check the cookie), not with an empty screen.
/// </summary>
internal sealed class TuiCommand : ClientCommand
{
    public TuiCommand()
        : base("tui", "Open the terminal front-end (market, wallet, offers, listings, peers) for a running node.", "tradenode tui", "tradenode tui --datadir ~/.tradenode/alice", "tradenode tui --api http://127.0.0.1:18736 --api-cookie ./api.cookie")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        await context.Connection.Node.GetInfoAsync(new GetInfoRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        TuiApp.Run(context.Connection);
        return ExitCodes.Success;
    }
}
