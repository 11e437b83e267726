using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Sync;

namespace TradeNode.P2P.Gossip;

/// <summary>
/// Inventory relay for one node, independent of the transport. Every item the store newly accepts (published
/// here, fetched from a peer, synced or imported) is announced by id to every peer not known to have it;
/// announcements are batched per link and flushed every <see cref="GossipOptions.FlushInterval"/>. Announced ids
/// we miss are requested from one announcer at a time, and from the next one if the first stays silent. No id is
/// announced twice and no item sent twice on one link. The outbound side of a new link starts set reconciliation.
/// </summary>
/// <remarks>
/// Thread-safe: the transport may call <see cref="HandleAsync"/> for different links concurrently. The store is
/// never called while the engine's lock is held, so the store may raise <see cref="IItemStore.ItemsStored"/> under
/// its own lock.
/// </remarks>
public sealed class GossipEngine : IDisposable
{
    private readonly IItemStore _store;
    private readonly TimeProvider _time;
    private readonly GossipOptions _options;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GossipPeer> _peers = new(StringComparer.Ordinal);
    private readonly Dictionary<ItemId, WantedItem> _wanted = [];
    private readonly Queue<(ItemId Id, long Deadline, GossipPeer Peer)> _timeouts = new();
    private readonly List<ItemId> _orphaned = [];
    private readonly ITimer _timer;
    private readonly ITimer _resyncTimer;
    private readonly long _requestTimeoutTicks;
    private readonly long _flushTicks;
    private bool _timerDue;
    private bool _disposed;

    public GossipEngine(IItemStore store, TimeProvider timeProvider, GossipOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _time = timeProvider;
        _options = options ?? new GossipOptions();
        _requestTimeoutTicks = (long)(_options.RequestTimeout.TotalSeconds * _time.TimestampFrequency);
        _flushTicks = (long)(_options.FlushInterval.TotalSeconds * _time.TimestampFrequency);
        _timer = _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var resync = _options.ResyncInterval > TimeSpan.Zero ? _options.ResyncInterval : Timeout.InfiniteTimeSpan;
        _resyncTimer = _time.CreateTimer(_ => Resync(), null, resync, resync);
        _store.ItemsStored += OnItemsStored;
    }

    /// <summary>Raised (outside the engine's lock) when a peer misbehaves; the transport scores and bans.</summary>
    public event EventHandler<PeerMisbehaviour>? Misbehaviour;

    /// <summary>Receives items sent with <see cref="ItemsMessage.Direct"/> (mailbox delivery); they are not relayed.</summary>
    public Func<IPeerLink, IReadOnlyList<SignedItem>, ValueTask>? DirectItemsHandler { get; set; }

    public GossipOptions Options => _options;

    public int PeerCount
    {
        get
        {
            lock (_lock)
            {
                return _peers.Count;
            }
        }
    }

    /// <summary>Items announced to us that we still miss.</summary>
    public int WantedCount
    {
        get
        {
            lock (_lock)
            {
                return _wanted.Count;
            }
        }
    }

    /// <summary>Adds an open link (replacing an older one to the same peer); the outbound side starts sync.</summary>
    public void AddPeer(IPeerLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var peer = new GossipPeer(link, _options, _time);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_peers.TryGetValue(link.PeerKey, out var old))
            {
                Detach(old);
            }

            _peers[link.PeerKey] = peer;
        }

        if (link.IsOutbound && _options.SyncOnConnect)
        {
            StartReconcile(peer);
        }
    }

    /// <summary>
    /// Runs set reconciliation again on every outbound link not reconciling now, so an item whose announcement was
    /// lost (a request that timed out, a link that closed at the wrong moment) still arrives. Called every
    /// <see cref="GossipOptions.ResyncInterval"/>; the inbound side is reconciled by the peer that dialled it.
    /// </summary>
    public void Resync()
    {
        List<GossipPeer> due;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            due = [.. _peers.Values.Where(p => p.Link.IsOutbound && p.Reconcile is null && !p.Removed)];
        }

        foreach (var peer in due)
        {
            StartReconcile(peer);
        }
    }

    private void StartReconcile(GossipPeer peer)
    {
        var session = new SetReconciler(_store.GetSortedIds(), _options.Reconciler);
        var first = session.Initiate();
        lock (_lock)
        {
            peer.Reconcile = session;
            peer.IsReconcileInitiator = true;
        }

        Send(peer.Link, new ReconcileMessage(first));
    }

    /// <summary>Forgets a link; what was requested from it is asked from other announcers.</summary>
    public void RemovePeer(string peerKey)
    {
        lock (_lock)
        {
            if (_peers.TryGetValue(peerKey, out var peer))
            {
                _peers.Remove(peerKey);
                Detach(peer);
            }
        }
    }

    /// <summary>Forgets <paramref name="link"/> only if it is still the peer's current link (not a newer one).</summary>
    public void RemovePeer(IPeerLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_lock)
        {
            if (_peers.TryGetValue(link.PeerKey, out var peer) && ReferenceEquals(peer.Link, link))
            {
                _peers.Remove(link.PeerKey);
                Detach(peer);
            }
        }
    }

    /// <summary>Validates and stores <paramref name="item"/>, then announces it to every peer.</summary>
    public ValueTask<ItemAcceptance> PublishAsync(SignedItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();

        if (!_options.PushPublications || _options.RelayMode != GossipRelayMode.Announce)
        {
            // The store raises ItemsStored, which schedules the announcements.
            return ValueTask.FromResult(_store.Add(item, _time.GetUtcNow()));
        }

        // Peers cannot have a new publication: push it whole instead of announcing it (marked known first, so the
        // store's ItemsStored does not announce it as well), within the allowance the peer grants for pushes.
        var id = ItemId.Compute(item.Content.Span);
        var pushTo = new List<GossipPeer>();
        lock (_lock)
        {
            if (!_store.Contains(id))
            {
                foreach (var peer in _peers.Values)
                {
                    // Beyond the push allowance the item stays unknown to the peer, so the store's ItemsStored announces it.
                    if (!peer.Known.Contains(id) && !peer.ItemsSent.Contains(id) && peer.Pushes.TryTake())
                    {
                        peer.Known.Add(id);
                        peer.ItemsSent.Add(id);
                        pushTo.Add(peer);
                    }
                }
            }
        }

        var result = _store.Add(item, _time.GetUtcNow());
        if (result.IsStored)
        {
            var outbox = new GossipOutbox();
            foreach (var peer in pushTo)
            {
                AddItems(outbox, peer.Link, [id]);
            }

            Dispatch(outbox);
        }

        return ValueTask.FromResult(result);
    }

    /// <summary>
    /// True when item <paramref name="id"/> was already sent whole to the peer <paramref name="peerKey"/> (a pushed
    /// publication or a served request). A caller that would send the same item again on that link (the mailbox's
    /// direct send) must not: the second copy is unsolicited for the peer, which reports it and bans the link.
    /// </summary>
    public bool HasSent(string peerKey, ItemId id)
    {
        ArgumentNullException.ThrowIfNull(peerKey);
        lock (_lock)
        {
            return _peers.TryGetValue(peerKey, out var peer) && peer.ItemsSent.Contains(id);
        }
    }

    /// <summary>Handles one message received on <paramref name="from"/>.</summary>
    public async ValueTask HandleAsync(IPeerLink from, GossipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(message);
        GossipPeer? peer;
        lock (_lock)
        {
            if (!_peers.TryGetValue(from.PeerKey, out peer) || !ReferenceEquals(peer.Link, from))
            {
                return;
            }
        }

        switch (message)
        {
            case InventoryMessage inventory:
                HandleInventory(peer, inventory.Ids);
                break;
            case GetItemsMessage request:
                HandleGetItems(peer, request.Ids);
                break;
            case ItemsMessage { Direct: true } direct:
                if (DirectItemsHandler is { } handler)
                {
                    await handler(from, direct.Items).ConfigureAwait(false);
                }

                break;
            case ItemsMessage items when _options.PipelineItems:
                // This message is validated while the previous one is stored; the link reads on once the previous is done.
                var storing = Task.Run(() => HandleItems(peer, items.Items), CancellationToken.None);
                Task? previous;
                lock (_lock)
                {
                    previous = peer.Storing;
                    peer.Storing = storing;
                }

                if (previous is not null)
                {
                    await previous.ConfigureAwait(false);
                }

                break;
            case ItemsMessage items:
                HandleItems(peer, items.Items);
                break;
            case ReconcileMessage reconcile:
                HandleReconcile(peer, reconcile.Payload);
                break;
            default:
                break;
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _peers.Clear();
            _wanted.Clear();
        }

        _store.ItemsStored -= OnItemsStored;
        _timer.Dispose();
        _resyncTimer.Dispose();
    }

    private void HandleInventory(GossipPeer peer, IReadOnlyList<ItemId> announced)
    {
        var ids = Truncate(peer, announced, "inventory");
        var missing = new List<ItemId>(ids.Count);
        foreach (var id in ids)
        {
            if (!_store.Contains(id))
            {
                missing.Add(id);
            }
        }

        var outbox = new GossipOutbox();
        lock (_lock)
        {
            foreach (var id in ids)
            {
                peer.Known.Add(id);
            }

            RequestMissing(peer, missing, outbox);
        }

        Dispatch(outbox);
    }

    private void RequestMissing(GossipPeer peer, List<ItemId> missing, GossipOutbox outbox)
    {
        if (peer.Removed)
        {
            return;
        }

        var now = _time.GetTimestamp();
        foreach (var id in missing)
        {
            if (_wanted.TryGetValue(id, out var wanted))
            {
                if (wanted.Announcers.Count < _options.MaxAnnouncersPerItem && !wanted.Announcers.Contains(peer.Key))
                {
                    wanted.Announcers.Add(peer.Key);
                }

                continue;
            }

            if (_wanted.Count >= _options.MaxWantedItems)
            {
                continue;
            }

            wanted = new WantedItem();
            wanted.Announcers.Add(peer.Key);
            _wanted[id] = wanted;
            RequestFrom(peer, id, wanted, now, outbox);
        }

        outbox.CloseRequests(_options.MaxIdsPerMessage);
        if (_timeouts.Count > 0)
        {
            ArmTimer();
        }
    }

    private void RequestFrom(GossipPeer peer, ItemId id, WantedItem wanted, long now, GossipOutbox outbox)
    {
        wanted.RequestedFrom = peer.Key;
        if (peer.InFlight.Count >= _options.MaxInFlightPerPeer)
        {
            wanted.Deadline = 0;
            peer.Backlog.Enqueue(id);
            return;
        }

        peer.InFlight.Add(id);
        peer.Requested.Add(id);
        wanted.Deadline = now + _requestTimeoutTicks;
        _timeouts.Enqueue((id, wanted.Deadline, peer));
        outbox.Request(peer, id);
    }

    /// <summary>Requests queued ids from <paramref name="peer"/> while it has room in flight.</summary>
    private void Pump(GossipPeer peer, long now, GossipOutbox outbox)
    {
        while (!peer.Removed && peer.InFlight.Count < _options.MaxInFlightPerPeer && peer.Backlog.TryDequeue(out var id))
        {
            if (_wanted.TryGetValue(id, out var wanted) && wanted.Deadline == 0 && wanted.RequestedFrom == peer.Key)
            {
                RequestFrom(peer, id, wanted, now, outbox);
            }
        }
    }

    private void HandleGetItems(GossipPeer peer, IReadOnlyList<ItemId> requested)
    {
        var ids = Truncate(peer, requested, "request");
        var toSend = new List<ItemId>(ids.Count);
        lock (_lock)
        {
            foreach (var id in ids)
            {
                if (peer.ItemsSent.Add(id))
                {
                    peer.Known.Add(id);
                    toSend.Add(id);
                }
            }
        }

        var outbox = new GossipOutbox();
        AddItems(outbox, peer.Link, toSend);
        Dispatch(outbox);
    }

    /// <summary>Sends the items we have among <paramref name="ids"/>, in messages under the frame limit.</summary>
    private void AddItems(GossipOutbox outbox, IPeerLink link, List<ItemId> ids, bool direct = false)
    {
        var batch = new List<SignedItem>();
        var size = 4;
        foreach (var id in ids)
        {
            if (_store.Get(id) is not { } item)
            {
                continue;
            }

            var itemSize = item.CalculateSize() + 4;
            if (4 + itemSize > _options.MaxItemsMessageBytes)
            {
                continue;
            }

            if (size + itemSize > _options.MaxItemsMessageBytes)
            {
                outbox.Add(link, new ItemsMessage(batch, direct));
                batch = [];
                size = 4;
            }

            batch.Add(item);
            size += itemSize;
        }

        if (batch.Count > 0)
        {
            outbox.Add(link, new ItemsMessage(batch, direct));
        }
    }

    private void HandleItems(GossipPeer peer, IReadOnlyList<SignedItem> items)
    {
        var accepted = new List<SignedItem>(items.Count);
        var acceptedIds = new List<ItemId>(items.Count);
        var reports = new List<PeerMisbehaviour>();
        var outbox = new GossipOutbox();
        lock (_lock)
        {
            foreach (var item in items)
            {
                var id = ItemId.Compute(item.Content.Span);
                // Unsolicited: allowed only for a new item (a pushed publication), within a per-peer allowance.
                if (_options.RelayMode == GossipRelayMode.Announce && !peer.Requested.Remove(id)
                    && (peer.Known.Contains(id) || _store.Contains(id) || !peer.Unsolicited.TryTake()))
                {
                    reports.Add(new PeerMisbehaviour(peer.Key, MisbehaviourKind.UnsolicitedItem, $"The peer sent item {id} that was not requested from it."));
                    continue;
                }

                peer.InFlight.Remove(id);
                peer.Known.Add(id);
                accepted.Add(item);
                acceptedIds.Add(id);
            }

            Pump(peer, _time.GetTimestamp(), outbox);
            outbox.CloseRequests(_options.MaxIdsPerMessage);
        }

        Dispatch(outbox);
        if (accepted.Count > 0)
        {
            var results = _store.AddRange(accepted, _time.GetUtcNow());
            lock (_lock)
            {
                // Ids are content hashes: an item rejected once is rejected from anyone, so stop wanting it.
                foreach (var id in acceptedIds)
                {
                    _wanted.Remove(id);
                }
            }

            for (var i = 0; i < results.Count; i++)
            {
                // A superseded, removed or expired item means the peer was behind (a node back after a crash syncs what
                // it still holds), not that it misbehaves: it is dropped without a penalty, or honest nodes get banned.
                if (results[i].Status == ItemAcceptanceStatus.Rejected
                    && results[i].Rejection is not (ItemRejection.StaleSequence or ItemRejection.Tombstoned or ItemRejection.Expired))
                {
                    reports.Add(new PeerMisbehaviour(peer.Key, MisbehaviourKind.InvalidItem, $"The peer sent item {acceptedIds[i]}, rejected: {results[i].Detail}", results[i].Rejection));
                }
            }
        }

        foreach (var report in reports)
        {
            Misbehaviour?.Invoke(this, report);
        }
    }

    /// <summary>
    /// One reconciliation step. The initiator (the side that dialled) requests what it needs and announces what the
    /// peer lacks, and ends the session with an empty message so that the responder can free its state; the
    /// responder only answers and remembers which ids the peer has.
    /// </summary>
    private void HandleReconcile(GossipPeer peer, ReadOnlyMemory<byte> payload)
    {
        SetReconciler? session;
        bool initiator;
        lock (_lock)
        {
            session = peer.Reconcile;
            initiator = peer.IsReconcileInitiator;
            if (payload.IsEmpty)
            {
                if (!initiator)
                {
                    peer.Reconcile = null;
                }

                return;
            }
        }

        if (session is null)
        {
            session = new SetReconciler(_store.GetSortedIds(), _options.Reconciler);
            lock (_lock)
            {
                peer.Reconcile = session;
                peer.IsReconcileInitiator = false;
            }
        }

        ReconcileStep step;
        try
        {
            step = session.Process(payload.Span);
        }
        catch (FormatException ex)
        {
            lock (_lock)
            {
                peer.Reconcile = null;
            }

            Misbehaviour?.Invoke(this, new PeerMisbehaviour(peer.Key, MisbehaviourKind.MalformedReconcile, ex.Message));
            return;
        }

        var outbox = new GossipOutbox();
        outbox.Add(peer.Link, new ReconcileMessage(step.Reply ?? []));
        var missing = initiator ? step.NeedIds.Where(id => !_store.Contains(id)).ToList() : [];
        lock (_lock)
        {
            if (step.Reply is null && ReferenceEquals(peer.Reconcile, session))
            {
                peer.Reconcile = null;
            }

            foreach (var id in step.NeedIds)
            {
                peer.Known.Add(id);
            }

            if (initiator)
            {
                var have = new List<ItemId>(step.HaveIds.Count);
                foreach (var id in step.HaveIds)
                {
                    if (peer.Known.Add(id))
                    {
                        have.Add(id);
                    }
                }

                outbox.AddChunked(peer.Link, have, _options.MaxIdsPerMessage, chunk => new InventoryMessage(chunk));
                RequestMissing(peer, missing, outbox);
            }
        }

        Dispatch(outbox);
    }

    private void OnItemsStored(object? sender, IReadOnlyList<ItemId> ids)
    {
        var flood = new List<(GossipPeer Peer, List<ItemId> Ids)>();
        var outbox = new GossipOutbox();
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();

            foreach (var id in ids)
            {
                _wanted.Remove(id);
            }

            var pending = false;
            foreach (var peer in _peers.Values)
            {
                if (_options.RelayMode == GossipRelayMode.Flood)
                {
                    // The baseline pushes each new item once to every peer that did not send it to us.
                    var fresh = ids.Where(id => peer.Known.Add(id) && peer.ItemsSent.Add(id)).ToList();
                    flood.Add((peer, fresh));
                    continue;
                }

                var hadPending = peer.PendingAnnounce.Count > 0;
                foreach (var id in ids)
                {
                    if (peer.Known.Add(id))
                    {
                        peer.PendingAnnounce.Add(id);
                    }
                }

                // Leading edge: a link quiet for a whole interval announces at once; later ids wait for the batch.
                if (!hadPending && peer.PendingAnnounce.Count > 0 && now - peer.LastAnnounced >= _flushTicks)
                {
                    FlushAnnouncements(peer, now, outbox);
                }

                pending |= peer.PendingAnnounce.Count > 0;
            }

            if (pending)
            {
                ArmTimer();
            }
        }

        foreach (var (peer, fresh) in flood)
        {
            AddItems(outbox, peer.Link, fresh);
        }

        Dispatch(outbox);
    }

    private void FlushAnnouncements(GossipPeer peer, long now, GossipOutbox outbox)
    {
        outbox.AddChunked(peer.Link, peer.PendingAnnounce, _options.MaxIdsPerMessage, chunk => new InventoryMessage(chunk));
        peer.PendingAnnounce.Clear();
        peer.LastAnnounced = now;
    }

    private void OnTimer()
    {
        var outbox = new GossipOutbox();
        lock (_lock)
        {
            _timerDue = false;
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            foreach (var peer in _peers.Values)
            {
                if (peer.PendingAnnounce.Count > 0)
                {
                    FlushAnnouncements(peer, now, outbox);
                }
            }

            var touched = new HashSet<GossipPeer>();
            while (_timeouts.TryPeek(out var head) && head.Deadline <= now)
            {
                _timeouts.Dequeue();
                if (head.Peer.InFlight.Remove(head.Id))
                {
                    touched.Add(head.Peer);
                }

                if (_wanted.TryGetValue(head.Id, out var wanted) && wanted.RequestedFrom == head.Peer.Key && wanted.Deadline == head.Deadline)
                {
                    Reassign(head.Id, wanted, now, outbox);
                }
            }

            foreach (var id in _orphaned)
            {
                if (_wanted.TryGetValue(id, out var wanted) && (wanted.RequestedFrom is null || !_peers.ContainsKey(wanted.RequestedFrom)))
                {
                    Reassign(id, wanted, now, outbox);
                }
            }

            _orphaned.Clear();
            foreach (var peer in touched)
            {
                Pump(peer, now, outbox);
            }

            outbox.CloseRequests(_options.MaxIdsPerMessage);
            if (_timeouts.Count > 0)
            {
                ArmTimer();
            }
        }

        Dispatch(outbox);
    }

    /// <summary>
    /// The peer asked for <paramref name="id"/> did not deliver: ask the next announcer; when it was the only one,
    /// ask it again (a busy peer, a lost message) up to <see cref="GossipOptions.MaxRequestAttempts"/> times; then
    /// give up until someone announces the item again.
    /// </summary>
    private void Reassign(ItemId id, WantedItem wanted, long now, GossipOutbox outbox)
    {
        if (wanted.RequestedFrom is { } previous)
        {
            // The silent peer goes to the back of the line.
            if (wanted.Announcers.Remove(previous) && _peers.ContainsKey(previous))
            {
                wanted.Announcers.Add(previous);
            }
        }

        if (++wanted.Attempts < _options.MaxRequestAttempts)
        {
            foreach (var key in wanted.Announcers)
            {
                if (_peers.TryGetValue(key, out var next))
                {
                    RequestFrom(next, id, wanted, now, outbox);
                    return;
                }
            }
        }

        _wanted.Remove(id);
    }

    private void Detach(GossipPeer peer)
    {
        peer.Removed = true;
        foreach (var id in peer.InFlight)
        {
            _orphaned.Add(id);
        }

        foreach (var id in peer.Backlog)
        {
            _orphaned.Add(id);
        }

        peer.InFlight.Clear();
        peer.Backlog.Clear();
        peer.PendingAnnounce.Clear();
        if (_orphaned.Count > 0)
        {
            ArmTimer();
        }
    }

    private IReadOnlyList<ItemId> Truncate(GossipPeer peer, IReadOnlyList<ItemId> ids, string what)
    {
        if (ids.Count <= _options.MaxIdsPerMessage)
        {
            return ids;
        }

        Misbehaviour?.Invoke(this, new PeerMisbehaviour(peer.Key, MisbehaviourKind.OversizedMessage, $"The peer sent an {what} of {ids.Count} ids; at most {_options.MaxIdsPerMessage} are allowed."));
        return [.. ids.Take(_options.MaxIdsPerMessage)];
    }

    private void ArmTimer()
    {
        if (!_timerDue && !_disposed)
        {
            _timerDue = true;
            _timer.Change(_options.FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private static void Dispatch(GossipOutbox outbox)
    {
        foreach (var (link, message) in outbox.Messages)
        {
            Send(link, message);
        }
    }

    private static void Send(IPeerLink link, GossipMessage message)
    {
        ValueTask sending;
        try
        {
            sending = link.SendAsync(message);
        }
        catch (InvalidOperationException ex)
        {
            link.Close(ex.Message);
            return;
        }

        if (!sending.IsCompletedSuccessfully)
        {
            _ = ObserveAsync(link, sending);
        }
    }

    private static async Task ObserveAsync(IPeerLink link, ValueTask sending)
    {
        try
        {
            await sending.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            link.Close("Sending was cancelled.");
        }
        catch (InvalidOperationException ex)
        {
            link.Close(ex.Message);
        }
        catch (IOException ex)
        {
            link.Close(ex.Message);
        }
    }
}
