using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode peers list</c>: connected peers, and with <c>--all</c> known ones too.</summary>
internal sealed class PeersListCommand : ClientCommand
{
    private readonly Option<bool> _all = new("--all") { Description = "Also list known peers that are not connected now." };

    public PeersListCommand()
        : base("list", "List the peers the node is connected to.", "tradenode peers list", "tradenode peers list --all --json")
    {
        Options.Add(_all);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new ListPeersRequest { IncludeKnown = parseResult.GetValue(_all) };
        var response = await context.Connection.Peers.ListAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var table = new TextTable("ADDRESS", "NODE ID", "NAME", "STATE", "SINCE");
            foreach (var peer in response.Peers)
            {
                var state = !peer.Connected ? "known" : peer.Outbound ? "outbound" : "inbound";
                table.Add(peer.Address, Display.OrDash(peer.NodeId), Display.OrDash(peer.Name), state, peer.Connected ? Display.Time(peer.ConnectedSince) : "-");
            }

            table.Write(context.Output, "No peers.");
        });
    }
}
