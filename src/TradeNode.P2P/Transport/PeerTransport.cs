using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Transport;

/// <summary>
/// Both ends of the peer protocol: runs inbound streams (from <see cref="PeerService"/>) and dials peers, performs the
/// handshake, keeps the set of open links (one per peer key), scores misbehaviour and bans.
/// </summary>
public sealed class PeerTransport : IAsyncDisposable
{
    private const int MaxRecentChallenges = 4096;
    private const int MaxScoredPeers = 10_000;

    private volatile NodeIdentity _identity;
    private readonly ConcurrentDictionary<string, GrpcPeerLink> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, MisbehaviourScore> _scores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _recentChallenges = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _challengeOrder = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ILogger _logger;
    private int _inbound;

    public PeerTransport(NodeIdentity identity, PeerTransportOptions options, BanList bans, TimeProvider time, ILogger<PeerTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bans);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        Options = options;
        Bans = bans;
        Time = time;
        _logger = logger ?? NullLogger<PeerTransport>.Instance;
    }

    public PeerTransportOptions Options { get; }

    public BanList Bans { get; }

    public TimeProvider Time { get; }

    /// <summary>Our node key as hex.</summary>
    public string NodeKey => _identity.PublicKey.ToHex();

    /// <summary>Receives link events and messages; set before links open.</summary>
    public IPeerLinkHandler? Handler { get; set; }

    public IReadOnlyCollection<GrpcPeerLink> Links => [.. _links.Values];

    public int InboundCount => Volatile.Read(ref _inbound);

    public event EventHandler<GrpcPeerLink>? LinkOpened;

    public event EventHandler<GrpcPeerLink>? LinkClosed;

    public GrpcPeerLink? FindLink(string peerKey) => _links.TryGetValue(peerKey, out var link) ? link : null;

    /// <summary>Adds misbehaviour points for a peer (for example an invalid item seen by gossip); bans at the threshold.</summary>
    public void ReportMisbehaviour(string peerKey, Misbehaviour misbehaviour, string detail)
    {
        if (_links.TryGetValue(peerKey, out var link))
        {
            Penalize(link, misbehaviour, detail);
        }
    }

    /// <summary>The peer's misbehaviour points now, after decay (0 for a peer never penalized or whose points have gone).</summary>
    public int MisbehaviourScoreOf(string peerKey) =>
        _scores.TryGetValue(peerKey, out var score) ? score.DecayedTo(Time.GetUtcNow(), Options.ScoreDecayPerHour).Points : 0;

    internal void Penalize(GrpcPeerLink link, Misbehaviour misbehaviour, string detail)
    {
        var points = Options.PointsFor(misbehaviour);
        link.AddScore(points);
        if (_scores.Count > MaxScoredPeers)
        {
            _scores.Clear();
        }

        var now = Time.GetUtcNow();
        var score = _scores.AddOrUpdate(
            link.PeerKey,
            _ => new MisbehaviourScore(points, now),
            (_, s) => s.DecayedTo(now, Options.ScoreDecayPerHour).Add(points)).Points;
        _logger.LogInformation("Peer {Peer} misbehaved ({Misbehaviour}: {Detail}), score {Score}", link, misbehaviour, detail, score);
        if (score < Options.BanScore)
        {
            return;
        }

        var reason = $"banned: {detail}";
        Bans.Ban(BanList.KeyEntry(link.PeerKey), Options.BanDuration, reason);
        foreach (var address in link.ListenAddresses.Append(link.RemoteAddress))
        {
            // Every node in a loopback test shares 127.0.0.1, so a host alone is banned only when it is not loopback.
            Bans.Ban(BanList.AddressEntry(address), Options.BanDuration, reason);
            if (HostOf(address) is { } host && !IsLoopback(host))
            {
                Bans.Ban(BanList.AddressEntry(host), Options.BanDuration, reason);
            }
        }

        _scores.TryRemove(link.PeerKey, out _);
        link.Close(reason);
    }

    /// <summary>
    /// Makes <paramref name="identity"/> the key this node proves in every later handshake, and closes every open
    /// link: each was authenticated with the previous key, so peers must meet the new one. Outbound links are redialled
    /// by the peer manager, inbound ones by the peers that dialled them. A handshake still running under the previous
    /// key fails instead of opening a link.
    /// </summary>
    internal void SwitchIdentity(NodeIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _identity = identity;
        foreach (var link in _links.Values)
        {
            link.Close("the node's identity changed");
        }
    }

    internal void HandlerFailed(GrpcPeerLink link, Exception exception) =>
        _logger.LogWarning(exception, "Handling a message from {Peer} failed", link);

    public bool IsAddressBanned(string address) =>
        Bans.IsBanned(BanList.AddressEntry(address)) || (HostOf(address) is { } host && Bans.IsBanned(BanList.AddressEntry(host)));

    /// <summary>Serves one inbound stream until it closes (called by <see cref="PeerService"/>).</summary>
    public async Task RunInboundAsync(IAsyncStreamReader<PeerFrame> reader, IServerStreamWriter<PeerFrame> writer, string remoteAddress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        if (IsAddressBanned(remoteAddress))
        {
            await TrySayGoodbyeAsync(writer, "banned", linked.Token).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _inbound) > Options.MaxInbound)
        {
            Interlocked.Decrement(ref _inbound);
            await TrySayGoodbyeAsync(writer, "too many inbound connections", linked.Token).ConfigureAwait(false);
            return;
        }

        try
        {
            var link = await HandshakeAsync(reader, writer, completeWrites: null, remoteAddress, linked.Token).ConfigureAwait(false);
            if (link is not null)
            {
                await RunLinkAsync(link, linked.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inbound);
        }
    }

    /// <summary>
    /// Dials <paramref name="address"/> ("host:port"), performs the handshake and returns the open link (which then
    /// runs in the background until it closes). Throws <see cref="HandshakeException"/> or a connection error.
    /// </summary>
    public async Task<GrpcPeerLink> DialAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (IsAddressBanned(address))
        {
            throw new HandshakeException($"The address {address} is banned.");
        }

        var channel = GrpcChannel.ForAddress(new Uri("http://" + address), new GrpcChannelOptions
        {
            MaxReceiveMessageSize = P2PProtocol.MaxFrameBytes,
            MaxSendMessageSize = P2PProtocol.MaxFrameBytes,
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = Options.HandshakeTimeout, EnableMultipleHttp2Connections = false },
            DisposeHttpClient = true,
        });
        var stream = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        AsyncDuplexStreamingCall<PeerFrame, PeerFrame>? call = null;
        try
        {
            call = new Peer.PeerClient(channel).Connect(cancellationToken: stream.Token);
            using var dialing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stream.Token);
            var link = await HandshakeAsync(call.ResponseStream, call.RequestStream, call.RequestStream.CompleteAsync, address, dialing.Token).ConfigureAwait(false)
                ?? throw new HandshakeException($"The handshake with {address} failed.");
            var finalCall = call;
            Track(RunOutboundAsync(link, finalCall, channel, stream));
            return link;
        }
        catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or OperationCanceledException)
        {
            call?.Dispose();
            channel.Dispose();
            stream.Dispose();
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new HandshakeException(ex is OperationCanceledException ? $"The handshake with {address} timed out." : $"Could not connect to {address}.", ex);
        }
        catch
        {
            call?.Dispose();
            channel.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        foreach (var link in _links.Values)
        {
            link.Close("shutting down");
        }

        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(5), TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _shutdown.Dispose();
    }

    private void Track(Task task)
    {
        _running[task] = 0;
        _ = task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunOutboundAsync(GrpcPeerLink link, AsyncDuplexStreamingCall<PeerFrame, PeerFrame> call, GrpcChannel channel, CancellationTokenSource stream)
    {
        try
        {
            await RunLinkAsync(link, _shutdown.Token).ConfigureAwait(false);
        }
        finally
        {
            await stream.CancelAsync().ConfigureAwait(false);
            call.Dispose();
            channel.Dispose();
            stream.Dispose();
        }
    }

    private async Task RunLinkAsync(GrpcPeerLink link, CancellationToken cancellationToken)
    {
        if (!TryRegister(link))
        {
            link.Close("already connected");
            await link.RunAsync(cancellationToken).ConfigureAwait(false);
            link.Dispose();
            return;
        }

        _logger.LogInformation("Connected to peer {Peer} ({Direction})", link, link.IsOutbound ? "outbound" : "inbound");
        try
        {
            Handler?.LinkOpened(link);
            LinkOpened?.Invoke(this, link);
            await link.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _links.TryRemove(new KeyValuePair<string, GrpcPeerLink>(link.PeerKey, link));
            _logger.LogInformation("Disconnected from peer {Peer}: {Reason}", link, link.CloseReason);
            Handler?.LinkClosed(link);
            LinkClosed?.Invoke(this, link);
            link.Dispose();
        }
    }

    /// <summary>
    /// One link per peer key. When both nodes dialled each other, both keep the link dialled by the node with the
    /// smaller key, so they agree without talking.
    /// </summary>
    private bool TryRegister(GrpcPeerLink link)
    {
        while (true)
        {
            if (_links.TryAdd(link.PeerKey, link))
            {
                return true;
            }

            if (!_links.TryGetValue(link.PeerKey, out var existing))
            {
                continue;
            }

            var weDialPreferred = string.CompareOrdinal(NodeKey, link.PeerKey) < 0;
            if (existing.IsOutbound == link.IsOutbound || link.IsOutbound != weDialPreferred)
            {
                return false;
            }

            if (_links.TryUpdate(link.PeerKey, link, existing))
            {
                existing.Close("replaced by the link in the other direction");
                return true;
            }
        }
    }

    /// <summary>Hello, HelloProof both ways; null (after a Goodbye with the reason) when the peer fails.</summary>
    private async Task<GrpcPeerLink?> HandshakeAsync(IAsyncStreamReader<PeerFrame> reader, IAsyncStreamWriter<PeerFrame> writer, Func<Task>? completeWrites, string remoteAddress, CancellationToken cancellationToken)
    {
        var isOutbound = completeWrites is not null;
        using var timeout = new CancellationTokenSource(Options.HandshakeTimeout, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var self = _identity;
        var ours = PeerHandshake.CreateHello(self.PublicKey.Span, PeerHandshake.NewChallenge(), Options.UserAgent, Options.ListenAddresses);
        try
        {
            await writer.WriteAsync(new PeerFrame { Hello = ours }, linked.Token).ConfigureAwait(false);
            var first = await ReadFrameAsync(reader, linked.Token).ConfigureAwait(false);
            var theirs = first.FrameCase == PeerFrame.FrameOneofCase.Hello
                ? first.Hello
                : throw new HandshakeException($"Expected Hello, received {first.FrameCase}.");
            var version = PeerHandshake.CheckHello(ours, theirs);
            RememberChallenge(theirs.Challenge.ToBase64());
            var peerKey = Convert.ToHexStringLower(theirs.NodeKey.Span);
            if (Bans.IsBanned(BanList.KeyEntry(peerKey)))
            {
                throw new HandshakeException("banned");
            }

            await writer.WriteAsync(new PeerFrame { HelloProof = PeerHandshake.CreateProof(self, ours, theirs) }, linked.Token).ConfigureAwait(false);
            var second = await ReadFrameAsync(reader, linked.Token).ConfigureAwait(false);
            var proof = second.FrameCase == PeerFrame.FrameOneofCase.HelloProof
                ? second.HelloProof
                : throw new HandshakeException($"Expected HelloProof, received {second.FrameCase}.");
            PeerHandshake.CheckProof(ours, theirs, proof);
            if (!ReferenceEquals(self, _identity))
            {
                throw new HandshakeException("The node's identity changed during the handshake.");
            }

            return new GrpcPeerLink(this, theirs, version, isOutbound, remoteAddress, reader, writer, completeWrites);
        }
        catch (HandshakeException ex)
        {
            _logger.LogInformation("Handshake with {Address} failed: {Reason}", remoteAddress, ex.Message);
            await TrySayGoodbyeAsync(writer, ex.Message, cancellationToken).ConfigureAwait(false);
            if (isOutbound)
            {
                throw;
            }

            return null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await TrySayGoodbyeAsync(writer, "handshake timeout", cancellationToken).ConfigureAwait(false);
            if (isOutbound)
            {
                throw new HandshakeException($"The handshake with {remoteAddress} timed out.");
            }

            return null;
        }
        catch (Exception ex) when (!isOutbound && ex is RpcException or IOException or InvalidOperationException or OperationCanceledException)
        {
            _logger.LogInformation("Handshake with {Address} failed: {Error}", remoteAddress, ex.GetType().Name);
            return null;
        }
    }

    private void RememberChallenge(string challenge)
    {
        if (!_recentChallenges.TryAdd(challenge, 0))
        {
            throw new HandshakeException("The challenge was replayed.");
        }

        _challengeOrder.Enqueue(challenge);
        while (_challengeOrder.Count > MaxRecentChallenges && _challengeOrder.TryDequeue(out var old))
        {
            _recentChallenges.TryRemove(old, out _);
        }
    }

    private static async Task<PeerFrame> ReadFrameAsync(IAsyncStreamReader<PeerFrame> reader, CancellationToken cancellationToken)
    {
        if (!await reader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            throw new HandshakeException("The peer closed the stream during the handshake.");
        }

        var frame = reader.Current;
        if (frame.FrameCase == PeerFrame.FrameOneofCase.Goodbye)
        {
            throw new HandshakeException("The peer said goodbye: " + frame.Goodbye.Reason);
        }

        return frame;
    }

    private static async Task TrySayGoodbyeAsync(IAsyncStreamWriter<PeerFrame> writer, string reason, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await writer.WriteAsync(new PeerFrame { Goodbye = new Goodbye { Reason = reason.Length <= 200 ? reason : reason[..200] } }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    internal static string? HostOf(string address)
    {
        if (address.StartsWith("ipv4:", StringComparison.Ordinal) || address.StartsWith("ipv6:", StringComparison.Ordinal))
        {
            address = address[5..];
        }

        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? address[1..end] : null;
        }

        var colon = address.LastIndexOf(':');
        return colon > 0 ? address[..colon] : address;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
}
