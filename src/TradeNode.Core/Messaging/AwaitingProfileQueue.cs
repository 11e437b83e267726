using TradeNode.P2P.Identity;

namespace TradeNode.Core.Messaging;

/// <summary>
/// Mail payloads (already wrapped) waiting for their recipient's node profile, per recipient in the order they were
/// written. Bounded: past <see cref="MaxPerRecipient"/> the oldest goes (its sender persisted it and sends it again).
/// </summary>
internal sealed class AwaitingProfileQueue
{
    public const int MaxPerRecipient = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<NodeKey, Queue<byte[]>> _byRecipient = [];
    private int _count;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(NodeKey recipient, byte[] payload)
    {
        lock (_lock)
        {
            if (!_byRecipient.TryGetValue(recipient, out var queue))
            {
                _byRecipient[recipient] = queue = new Queue<byte[]>();
            }

            if (queue.Count == MaxPerRecipient)
            {
                queue.Dequeue();
                _count--;
            }

            queue.Enqueue(payload);
            _count++;
        }
    }

    /// <summary>Removes and answers what waits for <paramref name="recipient"/>, oldest first.</summary>
    public List<byte[]> TakeAll(NodeKey recipient)
    {
        lock (_lock)
        {
            if (!_byRecipient.Remove(recipient, out var queue))
            {
                return [];
            }

            _count -= queue.Count;
            return [.. queue];
        }
    }
}
