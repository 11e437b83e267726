using TradeNode.P2P.Gossip;

namespace TradeNode.P2P.Tests.Gossip;

/// <summary>A link that keeps what the engine sends on it.</summary>
internal sealed class RecordingLink(string peerKey, bool isOutbound = false) : IPeerLink
{
    public string PeerKey { get; } = peerKey;

    public bool IsOutbound { get; } = isOutbound;

    public List<GossipMessage> Sent { get; } = [];

    public string? ClosedWith { get; private set; }

    public IEnumerable<T> SentOf<T>() where T : GossipMessage => Sent.OfType<T>();

    public ValueTask SendAsync(GossipMessage message, CancellationToken cancellationToken = default)
    {
        Sent.Add(message);
        return ValueTask.CompletedTask;
    }

    public void Close(string reason) => ClosedWith = reason;
}
