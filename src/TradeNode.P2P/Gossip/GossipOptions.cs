using TradeNode.P2P.Sync;

namespace TradeNode.P2P.Gossip;

/// <summary>Tuning of a <see cref="GossipEngine"/>. The defaults suit a production node.</summary>
public sealed record GossipOptions
{
    /// <summary>How long announcements wait to be batched into one inventory per link.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Most ids in one inventory or request (4,096 ids are about 140 KB, well under a frame).</summary>
    public int MaxIdsPerMessage { get; init; } = 4096;

    /// <summary>Most bytes of one items message; stays under <see cref="P2PProtocol.MaxFrameBytes"/>.</summary>
    public int MaxItemsMessageBytes { get; init; } = P2PProtocol.MaxFrameBytes - 4096;

    /// <summary>After this long without an answer, a requested item is asked from another announcer.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ids remembered per link (announced by either side or sent), oldest forgotten first.</summary>
    public int KnownIdsPerPeer { get; init; } = 50_000;

    /// <summary>Most ids requested from one peer and not yet answered; the rest wait their turn.</summary>
    public int MaxInFlightPerPeer { get; init; } = 2048;

    /// <summary>Most requests for one missing item (each to the next announcer, the same one if it is alone).</summary>
    public int MaxRequestAttempts { get; init; } = 4;

    /// <summary>Most peers remembered as having announced one missing item.</summary>
    public int MaxAnnouncersPerItem { get; init; } = 8;

    /// <summary>Most missing items tracked at once; more announcements are ignored until some arrive.</summary>
    public int MaxWantedItems { get; init; } = 250_000;

    /// <summary>Whether the outbound side of a new link starts set reconciliation.</summary>
    public bool SyncOnConnect { get; init; } = true;

    /// <summary>
    /// How often the outbound side of each link runs set reconciliation again (see <see cref="GossipEngine.Resync"/>);
    /// zero, the default here, only reconciles on connect. <see cref="P2PNodeOptions"/> sets it for real nodes.
    /// </summary>
    public TimeSpan ResyncInterval { get; init; }

    /// <summary>Tuning of the set reconciler used on connect.</summary>
    public ReconcilerOptions? Reconciler { get; init; }

    /// <summary>Announce ids (the protocol) or push whole items (the flooding baseline of the simulator).</summary>
    public GossipRelayMode RelayMode { get; init; } = GossipRelayMode.Announce;

    /// <summary>
    /// The publisher of a new item pushes it whole to its peers (who cannot have it yet), saving the first hop's
    /// announce and request; relays announce as usual.
    /// </summary>
    public bool PushPublications { get; init; } = true;

    /// <summary>Unsolicited new items accepted from one peer at once (pushed publications); refilled one per second.</summary>
    public int UnsolicitedItemBurst { get; init; } = 32;

    /// <summary>
    /// Handle a peer's items messages two at a time: the next message is validated (signatures, in parallel) while
    /// the previous one is still being stored and flushed, instead of the link waiting for each. Off by default so
    /// that a message is fully handled when <see cref="GossipEngine.HandleAsync"/> returns (the simulator and unit
    /// tests rely on it); <see cref="P2PNodeOptions"/> turns it on for real nodes.
    /// </summary>
    public bool PipelineItems { get; init; }
}
