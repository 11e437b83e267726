using TradeNode.P2P.Identity;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

/// <summary>A transport with its own key and a real Kestrel server on a free loopback port.</summary>
internal sealed class TransportNode : IAsyncDisposable
{
    private TransportNode(NodeIdentity key, PeerTransport transport, PeerServer server, RecordingHandler handler)
    {
        Key = key;
        Transport = transport;
        Server = server;
        Handler = handler;
    }

    public NodeIdentity Key { get; }

    public PeerTransport Transport { get; }

    public PeerServer Server { get; }

    public RecordingHandler Handler { get; }

    public string Address => Server.Address;

    public static async Task<TransportNode> StartAsync(PeerTransportOptions? options = null)
    {
        var key = NodeIdentity.Generate();
        var handler = new RecordingHandler();
        var transport = new PeerTransport(key, options ?? new PeerTransportOptions(), new BanList(TimeProvider.System), TimeProvider.System) { Handler = handler };
        var server = await PeerServer.StartAsync(transport, 0);
        return new TransportNode(key, transport, server, handler);
    }

    public async ValueTask DisposeAsync()
    {
        await Transport.DisposeAsync();
        await Server.DisposeAsync();
        Key.Dispose();
    }
}
