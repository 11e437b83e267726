using Grpc.Core;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Transport;

/// <summary>The server side of <c>Peer.Connect</c>: a thin shell over <see cref="PeerTransport.RunInboundAsync"/>.</summary>
public sealed class PeerService(PeerTransport transport) : Peer.PeerBase
{
    public override Task Connect(IAsyncStreamReader<PeerFrame> requestStream, IServerStreamWriter<PeerFrame> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = PeerTransport.HostOf(context.Peer) is { } host ? $"{host}:{PortOf(context.Peer)}" : context.Peer;
        return transport.RunInboundAsync(requestStream, responseStream, remote, context.CancellationToken);
    }

    private static string PortOf(string peer)
    {
        var colon = peer.LastIndexOf(':');
        return colon >= 0 ? peer[(colon + 1)..] : string.Empty;
    }
}
