using TradeNode.P2P.Items;
using TradeNode.P2P.Sync;

namespace TradeNode.P2P.Gossip;

/// <summary>The engine's state for one link. Guarded by the engine's lock.</summary>
internal sealed class GossipPeer(IPeerLink link, GossipOptions options, TimeProvider time)
{
    public IPeerLink Link { get; } = link;

    public string Key => Link.PeerKey;

    /// <summary>Ids this peer announced or sent us, or that we announced or sent it: never announced again.</summary>
    public BoundedIdSet Known { get; } = new(options.KnownIdsPerPeer);

    /// <summary>Items we sent it: never sent again on this link.</summary>
    public BoundedIdSet ItemsSent { get; } = new(options.KnownIdsPerPeer);

    /// <summary>Ids we asked it for (recently): items outside this set are unsolicited.</summary>
    public BoundedIdSet Requested { get; } = new(options.KnownIdsPerPeer);

    /// <summary>Requested and not answered yet (bounded by <see cref="GossipOptions.MaxInFlightPerPeer"/>).</summary>
    public HashSet<ItemId> InFlight { get; } = [];

    /// <summary>Ids to request from it once in-flight requests are answered.</summary>
    public Queue<ItemId> Backlog { get; } = new();

    /// <summary>Ids to announce at the next flush.</summary>
    public List<ItemId> PendingAnnounce { get; } = [];

    /// <summary>When the last inventory went out (TimeProvider timestamp), for the leading-edge flush.</summary>
    public long LastAnnounced { get; set; } = long.MinValue / 2;

    /// <summary>The running reconciliation with this peer, if any.</summary>
    public SetReconciler? Reconcile { get; set; }

    /// <summary>True when we started <see cref="Reconcile"/> (we dialled), false when we answer.</summary>
    public bool IsReconcileInitiator { get; set; }

    public bool Removed { get; set; }

    /// <summary>The items message of this peer still being handled in the background (<see cref="GossipOptions.PipelineItems"/>).</summary>
    public Task? Storing { get; set; }

    /// <summary>Allowance for unsolicited new items (publications pushed by the peer).</summary>
    public Transport.TokenBucket Unsolicited { get; } = new(Math.Max(1, options.UnsolicitedItemBurst), 1, time);

    /// <summary>
    /// Our own pushes to this peer, kept at half the allowance the peer grants (<see cref="Unsolicited"/>), so a burst of
    /// publications (a node running many trades at once) is announced instead of pushed rather than get this node
    /// punished and banned for unsolicited items.
    /// </summary>
    public Transport.TokenBucket Pushes { get; } = new(Math.Max(1, options.UnsolicitedItemBurst / 2), 0.5, time);
}
