using System.Collections.Concurrent;
using System.Threading.Channels;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

/// <summary>Records what the transport hands up.</summary>
internal sealed class RecordingHandler : IPeerLinkHandler
{
    public Channel<(IPeerLink Link, GossipMessage Message)> Messages { get; } = Channel.CreateUnbounded<(IPeerLink, GossipMessage)>();

    public ConcurrentQueue<IPeerLink> Opened { get; } = new();

    public ConcurrentQueue<IPeerLink> Closed { get; } = new();

    public void LinkOpened(IPeerLink link) => Opened.Enqueue(link);

    public ValueTask MessageReceivedAsync(IPeerLink link, GossipMessage message, CancellationToken cancellationToken)
    {
        Messages.Writer.TryWrite((link, message));
        return ValueTask.CompletedTask;
    }

    public void LinkClosed(IPeerLink link) => Closed.Enqueue(link);

    public async Task<GossipMessage> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var (_, message) = await Messages.Reader.ReadAsync(cts.Token);
        return message;
    }
}
