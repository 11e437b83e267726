using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Transport;

/// <summary>
/// An authenticated gRPC stream to one peer. Sends go through a bounded queue drained by one writer (a peer that does
/// not read is dropped when it fills); the reader enforces the token buckets and frame rules and hands gossip
/// messages to the handler; a keepalive pings and closes idle links.
/// </summary>
public sealed class GrpcPeerLink : IPeerLink, IDisposable
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly PeerTransport _transport;
    private readonly PeerTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly IAsyncStreamReader<PeerFrame> _reader;
    private readonly IAsyncStreamWriter<PeerFrame> _writer;
    private readonly Func<Task>? _completeWrites;
    private readonly Channel<PeerFrame> _outgoing;
    private readonly CancellationTokenSource _cts = new();
    private readonly TokenBucket _messages;
    private readonly TokenBucket _bytes;
    private long _lastReceived;
    private ulong _pingNonce;
    private string? _closeReason;
    private int _score;
    private long _queuedBytes;

    internal GrpcPeerLink(PeerTransport transport, Hello peerHello, uint protocolVersion, bool isOutbound, string remoteAddress,
        IAsyncStreamReader<PeerFrame> reader, IAsyncStreamWriter<PeerFrame> writer, Func<Task>? completeWrites)
    {
        _completeWrites = completeWrites;
        _transport = transport;
        _options = transport.Options;
        _time = transport.Time;
        _reader = reader;
        _writer = writer;
        PeerKey = Convert.ToHexStringLower(peerHello.NodeKey.Span);
        PeerKeyBytes = peerHello.NodeKey.ToByteArray();
        ProtocolVersion = protocolVersion;
        IsOutbound = isOutbound;
        RemoteAddress = remoteAddress;
        UserAgent = peerHello.UserAgent;
        ListenAddresses = [.. peerHello.ListenAddresses];
        _outgoing = Channel.CreateBounded<PeerFrame>(new BoundedChannelOptions(_options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _messages = new TokenBucket(_options.MessageBurst, _options.MessagesPerSecond, _time);
        _bytes = new TokenBucket(_options.ByteBurst, _options.BytesPerSecond, _time);
        _lastReceived = _time.GetTimestamp();
        OpenedAt = _time.GetUtcNow();
    }

    public string PeerKey { get; }

    /// <summary>When the handshake completed and the link opened.</summary>
    public DateTimeOffset OpenedAt { get; }

    public byte[] PeerKeyBytes { get; }

    public bool IsOutbound { get; }

    public uint ProtocolVersion { get; }

    /// <summary>The remote end of the connection ("127.0.0.1:53122" inbound, the dialled address outbound).</summary>
    public string RemoteAddress { get; }

    public string UserAgent { get; }

    /// <summary>Where the peer says it accepts connections.</summary>
    public IReadOnlyList<string> ListenAddresses { get; }

    public bool IsClosed => _closeReason is not null;

    public string? CloseReason => _closeReason;

    /// <summary>Misbehaviour points collected on this link.</summary>
    public int Score => Volatile.Read(ref _score);

    public ValueTask SendAsync(GossipMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var frame in Split(PeerFrameMapper.ToFrame(message)))
        {
            Enqueue(frame);
        }

        return ValueTask.CompletedTask;
    }

    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        var goodbye = new PeerFrame { Goodbye = new Goodbye { Reason = Truncate(reason) } };
        Interlocked.Add(ref _queuedBytes, goodbye.CalculateSize());
        _outgoing.Writer.TryWrite(goodbye);
        _outgoing.Writer.TryComplete();
        _ = CancelAfterGraceAsync();
    }

    public void Dispose() => _cts.Dispose();

    public override string ToString() => $"{PeerKey[..16]}@{RemoteAddress}";

    internal int AddScore(int points) => Interlocked.Add(ref _score, points);

    /// <summary>Runs the link until it closes (either side, an error, or <paramref name="cancellationToken"/>).</summary>
    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => Close("shutting down"));
        var writer = WriteLoopAsync(_cts.Token);
        var keepalive = KeepaliveLoopAsync(_cts.Token);
        await ReadLoopAsync(_cts.Token).ConfigureAwait(false);
        Close(_closeReason ?? "stream ended");
        await writer.ConfigureAwait(false);
        await _cts.CancelAsync().ConfigureAwait(false);
        await keepalive.ConfigureAwait(false);
    }

    private void Enqueue(PeerFrame frame)
    {
        if (IsClosed)
        {
            return;
        }

        var size = frame.CalculateSize();
        if (Interlocked.Add(ref _queuedBytes, size) > _options.MaxQueuedBytes || !_outgoing.Writer.TryWrite(frame))
        {
            Interlocked.Add(ref _queuedBytes, -size);
            Close("send queue full: the peer does not read");
        }
    }

    /// <summary>Splits an Items frame over the size limit into several; other frames are sent as they are.</summary>
    private static IEnumerable<PeerFrame> Split(PeerFrame frame)
    {
        if (frame.CalculateSize() <= P2PProtocol.MaxFrameBytes || frame.FrameCase != PeerFrame.FrameOneofCase.Items || frame.Items.Items_.Count < 2)
        {
            return frame.CalculateSize() <= P2PProtocol.MaxFrameBytes ? [frame] : [];
        }

        var items = frame.Items.Items_;
        var half = items.Count / 2;
        var first = new PeerFrame { Items = new Protocol.Items() };
        first.Items.Items_.AddRange(items.Take(half));
        var second = new PeerFrame { Items = new Protocol.Items() };
        second.Items.Items_.AddRange(items.Skip(half));
        return Split(first).Concat(Split(second));
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref _queuedBytes, -frame.CalculateSize());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException or InvalidOperationException or ObjectDisposedException)
        {
            Close("write failed");
            return;
        }

        // The Goodbye is written last; a client then ends its request stream so the peer sees a clean end.
        if (_completeWrites is not null)
        {
            try
            {
                await _completeWrites().WaitAsync(CloseGrace, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or IOException or RpcException or InvalidOperationException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _reader.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                _lastReceived = _time.GetTimestamp();
                if (!await HandleAsync(_reader.Current, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
        {
            _transport.Penalize(this, Misbehaviour.OversizeFrame, "a frame over the size limit");
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            _transport.Penalize(this, Misbehaviour.MalformedFrame, "a malformed frame");
        }
        catch (Exception ex) when (ex is IOException or RpcException or InvalidOperationException or ObjectDisposedException)
        {
            Close("connection lost");
        }
    }

    private static bool IsMalformed(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is InvalidProtocolBufferException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Handles one frame; false ends the read loop.</summary>
    private async ValueTask<bool> HandleAsync(PeerFrame frame, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            // Draining until the peer ends its side; nothing more is acted on.
            return frame.FrameCase != PeerFrame.FrameOneofCase.Goodbye;
        }

        if (!_messages.TryTake())
        {
            _transport.Penalize(this, Misbehaviour.Flood, "over the message rate limit");
            return !IsClosed;
        }

        // Bytes are paced, not punished: a peer answering our own requests (a full sync) may send a lot. Waiting
        // here stops reading the stream, so HTTP/2 flow control slows the sender down.
        var wait = _bytes.Take(frame.CalculateSize());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        switch (frame.FrameCase)
        {
            case PeerFrame.FrameOneofCase.Ping:
                Enqueue(new PeerFrame { Pong = new Pong { Nonce = frame.Ping.Nonce } });
                return true;
            case PeerFrame.FrameOneofCase.Pong:
                return true;
            case PeerFrame.FrameOneofCase.Goodbye:
                Close("peer said goodbye: " + Truncate(frame.Goodbye.Reason));
                return false;
            case PeerFrame.FrameOneofCase.Hello or PeerFrame.FrameOneofCase.HelloProof or PeerFrame.FrameOneofCase.None:
                _transport.Penalize(this, Misbehaviour.UnexpectedFrame, $"an unexpected {frame.FrameCase} frame");
                return !IsClosed;
        }

        GossipMessage? message;
        try
        {
            message = PeerFrameMapper.FromFrame(frame);
        }
        catch (FormatException)
        {
            _transport.Penalize(this, Misbehaviour.MalformedFrame, "a frame with malformed contents");
            return !IsClosed;
        }

        if (message is not null && _transport.Handler is { } handler)
        {
            try
            {
                await handler.MessageReceivedAsync(this, message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
#pragma warning disable CA1031 // Whatever a peer's message makes the layer above throw ends that link, never the node.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _transport.HandlerFailed(this, ex);
                Close("internal error handling a message");
                return false;
            }
        }

        return !IsClosed;
    }

    private async Task KeepaliveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.PingInterval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_time.GetElapsedTime(_lastReceived) > _options.IdleTimeout)
                {
                    Close("idle timeout");
                    return;
                }

                Enqueue(new PeerFrame { Ping = new Ping { Nonce = ++_pingNonce } });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CancelAfterGraceAsync()
    {
        try
        {
            await Task.Delay(CloseGrace, _time, _cts.Token).ConfigureAwait(false);
            await _cts.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static string Truncate(string reason) => reason.Length <= 200 ? reason : reason[..200];
}
