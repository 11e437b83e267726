using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

/// <summary>
/// A hand-driven peer: opens Peer.Connect with a raw byte marshaller, so a test can send any frame in any order, or
/// bytes that are no frame at all, with no client-side size limit.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private static readonly Method<byte[], byte[]> ConnectMethod = new(
        MethodType.DuplexStreaming, "tradenode.p2p.v1.Peer", "Connect", Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<byte[], byte[]> _call;

    private RawPeer(GrpcChannel channel, AsyncDuplexStreamingCall<byte[], byte[]> call)
    {
        _channel = channel;
        _call = call;
    }

    public NodeIdentity Key { get; } = NodeIdentity.Generate();

    public byte[] PublicKey => Key.PublicKey.ToArray();

    public string KeyHex => Convert.ToHexStringLower(PublicKey);

    public Hello? TheirHello { get; private set; }

    public Hello? OurHello { get; private set; }

    public static RawPeer Open(string address)
    {
        var channel = GrpcChannel.ForAddress("http://" + address, new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(ConnectMethod, null, new CallOptions());
        return new RawPeer(channel, call);
    }

    public Task SendAsync(PeerFrame frame) => _call.RequestStream.WriteAsync(frame.ToByteArray());

    public Task SendRawAsync(byte[] bytes) => _call.RequestStream.WriteAsync(bytes);

    /// <summary>The next frame, or null when the server ended the stream (or failed it).</summary>
    public async Task<PeerFrame?> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await _call.ResponseStream.MoveNext(cts.Token) ? PeerFrame.Parser.ParseFrom(_call.ResponseStream.Current) : null;
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>Reads until Goodbye or end of stream; returns the Goodbye reason (null when the stream just ended).</summary>
    public async Task<string?> ReadUntilGoodbyeAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReadAsync(deadline - DateTime.UtcNow);
            if (frame is null)
            {
                return null;
            }

            if (frame.FrameCase == PeerFrame.FrameOneofCase.Goodbye)
            {
                return frame.Goodbye.Reason;
            }
        }

        throw new TimeoutException("No Goodbye within the deadline.");
    }

    /// <summary>Sends our Hello and reads theirs.</summary>
    public async Task<Hello> HelloAsync(Hello? hello = null)
    {
        OurHello = hello ?? PeerHandshake.CreateHello(PublicKey, PeerHandshake.NewChallenge(), "raw", []);
        await SendAsync(new PeerFrame { Hello = OurHello });
        var frame = await ReadAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("No Hello from the server.");
        TheirHello = frame.FrameCase == PeerFrame.FrameOneofCase.Hello ? frame.Hello : throw new InvalidOperationException($"Expected Hello, got {frame.FrameCase}.");
        return TheirHello;
    }

    /// <summary>A full honest handshake.</summary>
    public async Task HandshakeAsync()
    {
        await HelloAsync();
        await SendAsync(new PeerFrame { HelloProof = PeerHandshake.CreateProof(Key, OurHello!, TheirHello!) });
        var proof = await ReadAsync(TimeSpan.FromSeconds(10)) ?? throw new InvalidOperationException("No proof from the server.");
        PeerHandshake.CheckProof(OurHello!, TheirHello!, proof.HelloProof);
    }

    public async ValueTask DisposeAsync()
    {
        _call.Dispose();
        _channel.Dispose();
        Key.Dispose();
        await Task.CompletedTask;
    }
}
