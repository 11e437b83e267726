using System.Collections.Concurrent;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Peers;

/// <summary>
/// Keeps the node connected: dials seeds and addresses learned from node profiles (and from peers' Hello) until
/// <see cref="PeerManagerOptions.OutboundTarget"/> outbound links are open, redials when links drop, and persists
/// known addresses in LiteDB. Each dial runs through a Polly pipeline: a timeout, retries with jittered exponential
/// backoff, and a circuit breaker per address so a dead address is left alone for a while.
/// </summary>
public sealed class PeerManager : IAsyncDisposable
{
    private const string CollectionName = "known_peers";

    private readonly PeerTransport _transport;
    private readonly ItemStore _store;
    private readonly PeerManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<KnownPeer> _known;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _dialing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ownAddresses;
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _loop;

    public PeerManager(PeerTransport transport, ItemStore store, LiteDatabase database, PeerManagerOptions options, TimeProvider time, IEnumerable<string> ownAddresses, ILogger<PeerManager>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _transport = transport;
        _store = store;
        _options = options;
        _time = time;
        _ownAddresses = new HashSet<string>(ownAddresses, StringComparer.Ordinal);
        _known = database.GetCollection<KnownPeer>(CollectionName);
        _logger = logger ?? NullLogger<PeerManager>.Instance;
        foreach (var seed in options.Seeds)
        {
            Remember(seed, "seed", null);
        }

        foreach (var profile in store.GetByKind(ItemKind.NodeProfile))
        {
            LearnFrom(profile);
        }

        _store.ItemsStored += OnItemsStored;
        _transport.LinkOpened += OnLinkOpened;
    }

    public IReadOnlyList<KnownPeer> KnownPeers
    {
        get
        {
            lock (_gate)
            {
                return [.. _known.FindAll()];
            }
        }
    }

    public void Start() => _loop ??= RunAsync(_stop.Token);

    /// <summary>One round: dials what is missing (also called by the loop every interval).</summary>
    public void Tick()
    {
        var outbound = _transport.Links.Count(l => l.IsOutbound && !l.IsClosed);
        var connectedKeys = _transport.Links.Select(l => l.PeerKey).ToHashSet(StringComparer.Ordinal);
        var missing = _options.OutboundTarget - outbound - _dialing.Count;
        if (missing <= 0)
        {
            return;
        }

        var candidates = KnownPeers
            .Where(p => !_ownAddresses.Contains(p.Id) && !_dialing.ContainsKey(p.Id))
            .Where(p => p.PeerKey is null || !connectedKeys.Contains(p.PeerKey))
            .Where(p => !_transport.IsAddressBanned(p.Id))
            .OrderByDescending(p => p.Source is "seed" or "manual")
            .ThenBy(p => p.Failures)
            .Take(missing);
        foreach (var candidate in candidates)
        {
            var address = candidate.Id;
            var task = DialAsync(address, _stop.Token);
            if (_dialing.TryAdd(address, task))
            {
                _ = task.ContinueWith(_ => _dialing.TryRemove(address, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Remembers <paramref name="address"/> (host:port) as a peer to keep, dials it now unless a link to it is open,
    /// and returns the open link. Throws <see cref="ArgumentException"/> for an address that cannot be dialled and
    /// <see cref="HandshakeException"/> when the peer cannot be reached.
    /// </summary>
    public async Task<GrpcPeerLink> AddAsync(string address, CancellationToken cancellationToken = default)
    {
        if (!IsDialable(address))
        {
            throw new ArgumentException($"'{address}' is not a host:port address.", nameof(address));
        }

        if (_ownAddresses.Contains(address))
        {
            throw new ArgumentException($"{address} is this node's own address.", nameof(address));
        }

        lock (_gate)
        {
            _removed.Remove(address);
        }

        Remember(address, "manual", null);
        var existing = _transport.Links.FirstOrDefault(l => !l.IsClosed && (l.RemoteAddress == address || l.ListenAddresses.Contains(address)));
        if (existing is not null)
        {
            return existing;
        }

        var link = await _transport.DialAsync(address, cancellationToken).ConfigureAwait(false);
        Update(address, p =>
        {
            p.PeerKey = link.PeerKey;
            p.Failures = 0;
            p.LastConnectedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
        });
        return link;
    }

    /// <summary>
    /// Closes the links to <paramref name="address"/> or to the peer with node key <paramref name="peerKey"/> and
    /// forgets the addresses known for it; they are not learned again from profiles until <see cref="AddAsync"/>
    /// names them. Returns false when nothing matched.
    /// </summary>
    public bool Remove(string? address, string? peerKey)
    {
        var found = false;
        foreach (var link in _transport.Links.Where(l => (peerKey is not null && l.PeerKey == peerKey)
            || (address is not null && (l.RemoteAddress == address || l.ListenAddresses.Contains(address)))))
        {
            peerKey ??= link.PeerKey;
            link.Close("removed by the node's operator");
            found = true;
        }

        lock (_gate)
        {
            foreach (var known in _known.FindAll().Where(p => p.Id == address || (peerKey is not null && p.PeerKey == peerKey)).ToList())
            {
                _known.Delete(known.Id);
                _removed.Add(known.Id);
                found = true;
            }

            if (address is not null)
            {
                _removed.Add(address);
            }
        }

        return found;
    }

    public async ValueTask DisposeAsync()
    {
        _store.ItemsStored -= OnItemsStored;
        _transport.LinkOpened -= OnLinkOpened;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_dialing.Values).WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            Tick();
            using var timer = new PeriodicTimer(_options.Interval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task DialAsync(string address, CancellationToken cancellationToken)
    {
        var pipeline = _pipelines.GetOrAdd(address, _ => CreatePipeline());
        try
        {
            var link = await pipeline.ExecuteAsync(async token => await _transport.DialAsync(address, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            Update(address, p =>
            {
                p.PeerKey = link.PeerKey;
                p.Failures = 0;
                p.LastConnectedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HandshakeException or BrokenCircuitException or TimeoutRejectedException or OperationCanceledException)
        {
            _logger.LogDebug("Dialling {Address} failed: {Error}", address, ex.Message);
            Update(address, p => p.Failures++);
        }
    }

    private ResiliencePipeline CreatePipeline() => new ResiliencePipelineBuilder { TimeProvider = _time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 1.0,
            MinimumThroughput = _options.BreakAfterFailures,
            SamplingDuration = TimeSpan.FromMinutes(2),
            BreakDuration = _options.BreakDuration,
            ShouldHandle = new PredicateBuilder().Handle<HandshakeException>().Handle<TimeoutRejectedException>(),
        })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = _options.DialRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryDelay,

            // A peer that refused us on purpose (banned, self, version) will refuse again.
            ShouldHandle = new PredicateBuilder().Handle<HandshakeException>(ex => ex.InnerException is not null).Handle<TimeoutRejectedException>(),
        })
        .AddTimeout(_options.DialTimeout)
        .Build();

    private void OnItemsStored(object? sender, IReadOnlyList<ItemId> ids)
    {
        foreach (var id in ids)
        {
            if (_store.Get(id) is { } item)
            {
                LearnFrom(item);
            }
        }
    }

    private void OnLinkOpened(object? sender, GrpcPeerLink link)
    {
        if (link.IsOutbound)
        {
            return;
        }

        foreach (var address in link.ListenAddresses)
        {
            Remember(address, "hello", link.PeerKey);
        }
    }

    private void LearnFrom(SignedItem item)
    {
        try
        {
            var content = ItemContent.Parser.ParseFrom(item.Content);
            if (content.Kind != ItemKind.NodeProfile)
            {
                return;
            }

            var key = Convert.ToHexStringLower(content.Author.Span);
            if (key == _transport.NodeKey)
            {
                return;
            }

            foreach (var address in NodeProfileBody.Parser.ParseFrom(content.Body).Addresses)
            {
                Remember(address, "profile", key);
            }
        }
        catch (InvalidProtocolBufferException)
        {
        }
    }

    private void Remember(string address, string source, string? peerKey)
    {
        if (!IsDialable(address) || _ownAddresses.Contains(address))
        {
            return;
        }

        lock (_gate)
        {
            if (_removed.Contains(address))
            {
                return;
            }

            var existing = _known.FindById(address);
            if (existing is null)
            {
                if (_known.Count() >= _options.MaxKnownPeers)
                {
                    return;
                }

                _known.Insert(new KnownPeer { Id = address, Source = source, PeerKey = peerKey });
            }
            else if (peerKey is not null && existing.PeerKey != peerKey)
            {
                existing.PeerKey = peerKey;
                _known.Update(existing);
            }
        }
    }

    private void Update(string address, Action<KnownPeer> change)
    {
        lock (_gate)
        {
            if (_known.FindById(address) is { } peer)
            {
                change(peer);
                _known.Update(peer);
            }
        }
    }

    private static bool IsDialable(string address)
    {
        var colon = address.LastIndexOf(':');
        return colon > 0 && colon < address.Length - 1 && address.Length <= 255
            && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535
            && Uri.CheckHostName(address[..colon].Trim('[', ']')) != UriHostNameType.Unknown;
    }
}
