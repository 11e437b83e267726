using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode peers add HOST:PORT</c>: connects to a peer and keeps it.</summary>
internal sealed class PeersAddCommand : ClientCommand
{
    private readonly Argument<string> _address = new("address")
    {
        Description = "The peer's P2P address, host:port.",
        CustomParser = ClientParsers.ParseHostPort,
    };

    public PeersAddCommand()
        : base("add", "Connect to a peer and keep it among the peers this node dials.", "tradenode peers add 127.0.0.1:9735")
    {
        Arguments.Add(_address);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Peers.AddAsync(new AddPeerRequest { Address = parseResult.GetValue(_address) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var peer = response.Peer ?? new PeerInfo();
            context.Output.WriteLine($"Peer {peer.Address} added{(peer.Connected ? $", connected ({Display.OrDash(peer.NodeId)})" : ", not connected yet")}.");
        });
    }
}
