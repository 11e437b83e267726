using TradeNode.P2P.Items;

namespace TradeNode.P2P.Gossip;

/// <summary>Messages decided under the engine's lock and sent after it is released.</summary>
internal sealed class GossipOutbox
{
    private readonly Dictionary<GossipPeer, List<ItemId>> _requests = [];

    public List<(IPeerLink Link, GossipMessage Message)> Messages { get; } = [];

    public void Add(IPeerLink link, GossipMessage message) => Messages.Add((link, message));

    public void Request(GossipPeer peer, ItemId id)
    {
        if (!_requests.TryGetValue(peer, out var ids))
        {
            ids = [];
            _requests[peer] = ids;
        }

        ids.Add(id);
    }

    /// <summary>Turns the collected requests into GetItems messages of at most <paramref name="maxIds"/> ids.</summary>
    public void CloseRequests(int maxIds)
    {
        foreach (var (peer, ids) in _requests)
        {
            AddChunked(peer.Link, ids, maxIds, chunk => new GetItemsMessage(chunk));
        }

        _requests.Clear();
    }

    public void AddChunked(IPeerLink link, List<ItemId> ids, int maxIds, Func<ItemId[], GossipMessage> create)
    {
        for (var start = 0; start < ids.Count; start += maxIds)
        {
            var chunk = ids.GetRange(start, Math.Min(maxIds, ids.Count - start)).ToArray();
            Messages.Add((link, create(chunk)));
        }
    }
}
