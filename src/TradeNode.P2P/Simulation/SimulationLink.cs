using TradeNode.P2P.Gossip;

namespace TradeNode.P2P.Simulation;

/// <summary>
/// One direction's end of a simulated link: what <see cref="Local"/> sends arrives at <see cref="Remote"/> after
/// the latency plus jitter, unless lost. Counts bytes (<see cref="GossipMessage.WireSize"/>) and messages.
/// </summary>
public sealed class SimulationLink : IPeerLink
{
    private readonly InMemoryNetwork _network;

    internal SimulationLink(InMemoryNetwork network, SimulationNode local, SimulationNode remote, bool isOutbound, LinkConditions conditions)
    {
        _network = network;
        Local = local;
        Remote = remote;
        IsOutbound = isOutbound;
        Conditions = conditions;
    }

    public SimulationNode Local { get; }

    public SimulationNode Remote { get; }

    public LinkConditions Conditions { get; }

    /// <summary>The other end (what <see cref="Remote"/> sends on).</summary>
    public SimulationLink Reverse { get; internal set; } = null!;

    public string PeerKey => Remote.Key;

    public bool IsOutbound { get; }

    public bool IsClosed { get; private set; }

    public string? CloseReason { get; private set; }

    public long BytesSent { get; private set; }

    public long MessagesSent { get; private set; }

    public long MessagesLost { get; private set; }

    /// <summary>Every message sent, when the network records messages.</summary>
    public List<GossipMessage> SentMessages { get; } = [];

    public ValueTask SendAsync(GossipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (IsClosed)
        {
            return ValueTask.CompletedTask;
        }

        var size = message.WireSize;
        BytesSent += size;
        MessagesSent++;
        Local.BytesSent += size;
        Local.MessagesSent++;
        switch (message)
        {
            case InventoryMessage:
                Local.InventoryBytesSent += size;
                break;
            case GetItemsMessage:
                Local.RequestBytesSent += size;
                break;
            case ItemsMessage:
                Local.ItemBytesSent += size;
                break;
            case ReconcileMessage:
                Local.ReconcileBytesSent += size;
                Local.ReconcileMessagesSent++;
                break;
            default:
                break;
        }

        if (_network.RecordMessages)
        {
            SentMessages.Add(message);
        }

        var random = _network.Random;
        if (Conditions.LossRate > 0 && random.NextDouble() < Conditions.LossRate)
        {
            MessagesLost++;
            return ValueTask.CompletedTask;
        }

        var delay = Conditions.Latency + (Conditions.Jitter * random.NextDouble());
        var reverse = Reverse;
        _network.Clock.Schedule(delay, () =>
        {
            if (reverse.IsClosed)
            {
                return;
            }

            Remote.BytesReceived += size;
            var handling = Remote.Engine.HandleAsync(reverse, message, CancellationToken.None);
            if (!handling.IsCompletedSuccessfully)
            {
                handling.AsTask().GetAwaiter().GetResult();
            }
        });
        return ValueTask.CompletedTask;
    }

    public void Close(string reason)
    {
        if (IsClosed)
        {
            return;
        }

        IsClosed = true;
        CloseReason = reason;
        Reverse.IsClosed = true;
        Reverse.CloseReason = reason;
        Local.Engine.RemovePeer(this);
        Remote.Engine.RemovePeer(Reverse);
    }
}
