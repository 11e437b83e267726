using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode peers remove PEER</c>: disconnects a peer and forgets its address.</summary>
internal sealed class PeersRemoveCommand : ClientCommand
{
    private readonly Argument<string> _peer = new("peer") { Description = "The peer's host:port or node id." };

    public PeersRemoveCommand()
        : base("remove", "Disconnect a peer and forget its address.", "tradenode peers remove 127.0.0.1:9735")
    {
        Arguments.Add(_peer);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var peer = parseResult.GetValue(_peer)!.Trim();
        var response = await context.Connection.Peers.RemoveAsync(new RemovePeerRequest { Peer = peer }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"Peer {peer} removed."));
    }
}
