using Google.Protobuf;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

/// <summary>The transport over real Kestrel h2c on loopback ports, in process.</summary>
public class PeerTransportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Two_nodes_handshake_and_exchange_gossip_both_ways()
    {
        await using var a = await TransportNode.StartAsync();
        await using var b = await TransportNode.StartAsync();

        var link = await a.Transport.DialAsync(b.Address);
        await Poll.UntilAsync(() => b.Transport.FindLink(a.Transport.NodeKey) is not null, Deadline, "b sees a");
        var back = b.Transport.FindLink(a.Transport.NodeKey)!;
        await link.SendAsync(new InventoryMessage([ItemId.Compute([1])]));
        await back.SendAsync(new ReconcileMessage(new byte[] { 1, 2 }));

        Assert.Equal(b.Transport.NodeKey, link.PeerKey);
        Assert.True(link.IsOutbound);
        Assert.False(back.IsOutbound);
        Assert.Equal(ItemId.Compute([1]), Assert.Single(Assert.IsType<InventoryMessage>(await b.Handler.NextAsync(Deadline)).Ids));
        Assert.Equal(new byte[] { 1, 2 }, Assert.IsType<ReconcileMessage>(await a.Handler.NextAsync(Deadline)).Payload.ToArray());
    }

    [Fact]
    public async Task Closing_a_link_tells_the_other_side_why()
    {
        await using var a = await TransportNode.StartAsync();
        await using var b = await TransportNode.StartAsync();
        var link = await a.Transport.DialAsync(b.Address);
        await Poll.UntilAsync(() => b.Transport.FindLink(a.Transport.NodeKey) is not null, Deadline, "b sees a");
        var back = b.Transport.FindLink(a.Transport.NodeKey)!;

        link.Close("testing");

        await Poll.UntilAsync(() => back.IsClosed && b.Transport.FindLink(a.Transport.NodeKey) is null, Deadline, "b drops the link");
        Assert.Contains("testing", back.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dialling_ourselves_fails()
    {
        await using var a = await TransportNode.StartAsync();

        var ex = await Assert.ThrowsAsync<HandshakeException>(() => a.Transport.DialAsync(a.Address));

        Assert.Contains("self", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(a.Transport.Links);
    }

    [Fact]
    public async Task A_peer_that_sends_a_proof_before_hello_is_dropped()
    {
        await using var node = await TransportNode.StartAsync();
        await using var raw = RawPeer.Open(node.Address);

        await raw.SendAsync(new PeerFrame { HelloProof = new HelloProof { Signature = ByteString.CopyFrom(new byte[64]) } });

        Assert.Contains("Expected Hello", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);
        Assert.Empty(node.Transport.Links);
    }

    [Fact]
    public async Task A_peer_with_a_bad_signature_is_dropped()
    {
        await using var node = await TransportNode.StartAsync();
        await using var raw = RawPeer.Open(node.Address);
        await raw.HelloAsync();

        await raw.SendAsync(new PeerFrame { HelloProof = new HelloProof { Signature = ByteString.CopyFrom(new byte[64]) } });

        Assert.Contains("signature is invalid", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);
        Assert.Empty(node.Transport.Links);
    }

    [Fact]
    public async Task A_peer_that_reflects_our_challenge_is_dropped()
    {
        await using var node = await TransportNode.StartAsync();
        await using var first = RawPeer.Open(node.Address);
        var theirs = await first.HelloAsync();
        await using var raw = RawPeer.Open(node.Address);
        var reflected = PeerHandshake.CreateHello(raw.PublicKey, PeerHandshake.NewChallenge(), "raw", []);

        // The server's challenge on this new connection is unknown before its Hello, so reflect one it sent before:
        // the replay check refuses a challenge seen on another connection.
        reflected.Challenge = first.OurHello!.Challenge;
        await raw.HelloAsync(reflected);

        Assert.Contains("replayed", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);
        Assert.NotNull(theirs);
    }

    [Fact]
    public async Task A_peer_with_an_incompatible_version_is_dropped()
    {
        await using var node = await TransportNode.StartAsync();
        await using var raw = RawPeer.Open(node.Address);
        var hello = PeerHandshake.CreateHello(raw.PublicKey, PeerHandshake.NewChallenge(), "raw", []);
        hello.ProtocolVersion = 9;
        hello.MinProtocolVersion = 9;

        await raw.HelloAsync(hello);

        Assert.Contains("version mismatch", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_peer_times_out_in_the_handshake()
    {
        await using var node = await TransportNode.StartAsync(new PeerTransportOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });
        await using var raw = RawPeer.Open(node.Address);
        await raw.SendRawAsync(new PeerFrame { Ping = new Ping() }.ToByteArray());

        Assert.Contains("Expected Hello", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);

        await using var silent = RawPeer.Open(node.Address);
        await silent.HelloAsync();
        Assert.Equal("handshake timeout", await silent.ReadUntilGoodbyeAsync(Deadline));
    }

    [Fact]
    public async Task Garbage_bytes_after_the_handshake_ban_the_peer()
    {
        await using var node = await TransportNode.StartAsync();
        await using var raw = RawPeer.Open(node.Address);
        await raw.HandshakeAsync();
        await Poll.UntilAsync(() => node.Transport.FindLink(raw.KeyHex) is not null, Deadline, "the node accepts the raw peer");

        await raw.SendRawAsync([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);

        await Poll.UntilAsync(() => node.Transport.Bans.IsBanned(BanList.KeyEntry(raw.KeyHex)), Deadline, "the peer is banned");
        await Poll.UntilAsync(() => node.Transport.FindLink(raw.KeyHex) is null, Deadline, "the link is dropped");
    }

    [Fact]
    public async Task An_oversize_frame_is_rejected_and_bans_the_peer()
    {
        await using var node = await TransportNode.StartAsync();
        await using var raw = RawPeer.Open(node.Address);
        await raw.HandshakeAsync();
        var huge = new PeerFrame { Items = new Protocol.Items { Items_ = { new SignedItem { Content = ByteString.CopyFrom(new byte[P2PProtocol.MaxFrameBytes + 1]) } } } };

        try
        {
            await raw.SendAsync(huge);
        }
        catch (Grpc.Core.RpcException)
        {
            // The server may reset the stream while the frame is still being written.
        }

        await Poll.UntilAsync(() => node.Transport.Bans.IsBanned(BanList.KeyEntry(raw.KeyHex)), Deadline, "the peer is banned");
        Assert.Empty(node.Handler.Messages.Reader.Count > 0 ? ["a message got through"] : Array.Empty<string>());
    }

    [Fact]
    public async Task A_frame_flood_is_penalized_until_the_peer_is_banned_and_cannot_come_back()
    {
        var options = new PeerTransportOptions { MessageBurst = 5, MessagesPerSecond = 0.001, FloodPoints = 40 };
        await using var node = await TransportNode.StartAsync(options);
        await using var raw = RawPeer.Open(node.Address);
        await raw.HandshakeAsync();

        for (var i = 0; i < 20 && !node.Transport.Bans.IsBanned(BanList.KeyEntry(raw.KeyHex)); i++)
        {
            try
            {
                await raw.SendAsync(new PeerFrame { Ping = new Ping { Nonce = (ulong)i } });
            }
            catch (Grpc.Core.RpcException)
            {
                break;
            }
        }

        await Poll.UntilAsync(() => node.Transport.Bans.IsBanned(BanList.KeyEntry(raw.KeyHex)), Deadline, "the peer is banned");
        Assert.StartsWith("banned", await raw.ReadUntilGoodbyeAsync(Deadline), StringComparison.Ordinal);

        await using var again = RawPeer.Open(node.Address);
        var hello = PeerHandshake.CreateHello(raw.PublicKey, PeerHandshake.NewChallenge(), "raw", []);
        await again.HelloAsync(hello);
        Assert.Equal("banned", await again.ReadUntilGoodbyeAsync(Deadline));
    }

    [Fact]
    public async Task Reported_invalid_items_add_up_to_a_ban()
    {
        await using var a = await TransportNode.StartAsync();
        await using var b = await TransportNode.StartAsync();
        var link = await a.Transport.DialAsync(b.Address);

        for (var i = 0; i < 9; i++)
        {
            a.Transport.ReportMisbehaviour(link.PeerKey, Misbehaviour.InvalidItem, "bad signature");
        }

        Assert.False(a.Transport.Bans.IsBanned(BanList.KeyEntry(link.PeerKey)));
        a.Transport.ReportMisbehaviour(link.PeerKey, Misbehaviour.InvalidItem, "bad signature");
        Assert.True(a.Transport.Bans.IsBanned(BanList.KeyEntry(link.PeerKey)));
        Assert.True(a.Transport.IsAddressBanned(b.Address));
        await Poll.UntilAsync(() => a.Transport.FindLink(link.PeerKey) is null, Deadline, "the link is dropped");
        await Assert.ThrowsAsync<HandshakeException>(() => a.Transport.DialAsync(b.Address));
    }

    [Fact]
    public async Task Misbehaviour_points_decay_so_occasional_slips_never_add_up_to_a_ban()
    {
        // 72,000 points an hour = 20 a second, so the decay shows within a test.
        await using var a = await TransportNode.StartAsync(new PeerTransportOptions { ScoreDecayPerHour = 72_000 });
        await using var b = await TransportNode.StartAsync();
        var link = await a.Transport.DialAsync(b.Address);

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 9; i++)
            {
                a.Transport.ReportMisbehaviour(link.PeerKey, Misbehaviour.InvalidItem, "expired on the way");
            }

            Assert.InRange(a.Transport.MisbehaviourScoreOf(link.PeerKey), 1, 90);
            await Poll.UntilAsync(() => a.Transport.MisbehaviourScoreOf(link.PeerKey) == 0, TimeSpan.FromSeconds(30), "the points decay to zero");
        }

        // 18 reports in all: without decay the tenth would have banned the peer.
        Assert.False(a.Transport.Bans.IsBanned(BanList.KeyEntry(link.PeerKey)));
        Assert.NotNull(a.Transport.FindLink(link.PeerKey));
    }

    [Fact]
    public async Task A_peer_that_does_not_read_is_dropped_when_its_queue_fills()
    {
        await using var node = await TransportNode.StartAsync(new PeerTransportOptions { SendQueueCapacity = 4 });
        await using var raw = RawPeer.Open(node.Address);
        await raw.HandshakeAsync();
        await Poll.UntilAsync(() => node.Transport.FindLink(raw.KeyHex) is not null, Deadline, "the node accepts the raw peer");
        var link = node.Transport.FindLink(raw.KeyHex)!;
        var big = new SignedItem { Content = ByteString.CopyFrom(new byte[200_000]) };

        for (var i = 0; i < 400 && !link.IsClosed; i++)
        {
            await link.SendAsync(new ItemsMessage([big]));
        }

        Assert.True(link.IsClosed);
        Assert.Contains("send queue full", link.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bans_survive_a_restart_through_litedb()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bans-{Guid.NewGuid():N}.db");
        try
        {
            using (var db = new LiteDB.LiteDatabase(path))
            {
                new BanList(TimeProvider.System, db).Ban(BanList.KeyEntry("ab"), TimeSpan.FromHours(1), "banned: testing");
            }

            using var reopened = new LiteDB.LiteDatabase(path);
            var bans = new BanList(TimeProvider.System, reopened);

            Assert.True(bans.IsBanned(BanList.KeyEntry("ab")));
            Assert.False(bans.IsBanned(BanList.KeyEntry("cd")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_peer_that_sends_nothing_is_pinged_then_dropped_as_idle()
    {
        await using var node = await TransportNode.StartAsync(new PeerTransportOptions { PingInterval = TimeSpan.FromMilliseconds(100), IdleTimeout = TimeSpan.FromMilliseconds(400) });
        await using var raw = RawPeer.Open(node.Address);
        await raw.HandshakeAsync();

        var sawPing = false;
        string? goodbye = null;
        while (goodbye is null && await raw.ReadAsync(Deadline) is { } frame)
        {
            sawPing |= frame.FrameCase == PeerFrame.FrameOneofCase.Ping;
            goodbye = frame.FrameCase == PeerFrame.FrameOneofCase.Goodbye ? frame.Goodbye.Reason : null;
        }

        Assert.True(sawPing);
        Assert.Equal("idle timeout", goodbye);
    }

    [Fact]
    public async Task Pings_are_answered_and_inbound_links_beyond_the_limit_are_refused()
    {
        await using var node = await TransportNode.StartAsync(new PeerTransportOptions { MaxInbound = 1 });
        await using var first = RawPeer.Open(node.Address);
        await first.HandshakeAsync();
        await first.SendAsync(new PeerFrame { Ping = new Ping { Nonce = 42 } });
        var pong = await first.ReadAsync(Deadline);


        // The server refuses before any frame is read, so the second peer only listens.
        await using var second = RawPeer.Open(node.Address);

        Assert.Equal(42ul, pong!.Pong.Nonce);
        Assert.Equal("too many inbound connections", await second.ReadUntilGoodbyeAsync(Deadline));
    }

    [Fact]
    public async Task Simultaneous_dials_leave_exactly_one_link_between_two_nodes()
    {
        await using var a = await TransportNode.StartAsync();
        await using var b = await TransportNode.StartAsync();

        var dials = await Task.WhenAll(
            Task.Run(async () => { try { return await a.Transport.DialAsync(b.Address); } catch (HandshakeException) { return null; } }),
            Task.Run(async () => { try { return await b.Transport.DialAsync(a.Address); } catch (HandshakeException) { return null; } }));

        await Poll.UntilAsync(
            () => a.Transport.Links.Count == 1 && b.Transport.Links.Count == 1 && a.Transport.Links.Single().IsOutbound != b.Transport.Links.Single().IsOutbound,
            Deadline,
            "one link remains, outbound on one side and inbound on the other");
        Assert.Contains(dials, d => d is not null);
    }
}
