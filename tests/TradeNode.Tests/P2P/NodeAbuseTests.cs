using Google.Protobuf;
using TradeNode.P2P;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Tests.Transport;

namespace TradeNode.Tests.P2P;

/// <summary>A <c>tradenode node</c> attacked by raw gRPC clients stays up, bans them, and still serves honest peers.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class NodeAbuseTests() : NodeProcessTestBase("abuse")
{
    private static async Task SendUntilDroppedAsync(RawPeer raw, IEnumerable<PeerFrame> frames)
    {
        foreach (var frame in frames)
        {
            try
            {
                await raw.SendAsync(frame);
            }
            catch (Grpc.Core.RpcException)
            {
                return;
            }
            catch (InvalidOperationException)
            {
                return;
            }
        }
    }

    private static IEnumerable<PeerFrame> InvalidSignatureFlood(byte[] author)
    {
        for (var i = 0; i < 200; i++)
        {
            var content = new ItemContent
            {
                Kind = ItemKind.Offer,
                Author = ByteString.CopyFrom(author),
                Key = $"forged-{i}",
                Sequence = 1,
                CreatedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ExpiresUnixMs = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds(),
            };
            var items = new Items();
            items.Items_.Add(new SignedItem { Content = content.ToByteString(), Signature = ByteString.CopyFrom(new byte[64]) });
            yield return new PeerFrame { Items = items };
        }
    }

    [Fact]
    public async Task Garbage_oversized_frames_and_forged_items_get_raw_peers_banned_while_honest_peers_are_served()
    {
        var target = await NodeProcess.StartAsync(Path.Combine(Root, "target"), NodeProcess.FreePort());
        Nodes.Add(target);
        var honest = await NodeProcess.StartAsync(Path.Combine(Root, "honest"), NodeProcess.FreePort(), target.Address);
        Nodes.Add(honest);
        await Eventually.TrueAsync(async () => await target.PeerCountAsync() == 1, "the honest node connects");

        await using var garbage = RawPeer.Open(target.Address);
        await garbage.HandshakeAsync();
        await garbage.SendRawAsync([0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02]);

        await using var oversized = RawPeer.Open(target.Address);
        await oversized.HandshakeAsync();
        var huge = new Items();
        huge.Items_.Add(new SignedItem { Content = ByteString.CopyFrom(new byte[P2PProtocol.MaxFrameBytes + 100]) });
        await SendUntilDroppedAsync(oversized, [new PeerFrame { Items = huge }]);

        await using var forger = RawPeer.Open(target.Address);
        await forger.HandshakeAsync();
        await SendUntilDroppedAsync(forger, InvalidSignatureFlood(forger.PublicKey));

        foreach (var (raw, what) in new[] { (garbage, "garbage"), (oversized, "oversized"), (forger, "forged items") })
        {
            await Eventually.TrueAsync(async () => (await target.BansAsync()).Contains("key:" + raw.KeyHex), $"the {what} peer is banned");
        }

        await using var comeback = RawPeer.Open(target.Address);
        var hello = TradeNode.P2P.Transport.PeerHandshake.CreateHello(forger.PublicKey, TradeNode.P2P.Transport.PeerHandshake.NewChallenge(), "raw", []);
        await comeback.HelloAsync(hello);
        Assert.Equal("banned", await comeback.ReadUntilGoodbyeAsync(TimeSpan.FromSeconds(10)));

        Assert.False(target.HasExited);
        var id = await honest.PublishAsync("offer", "still-serving", 1, "honest");
        await Eventually.TrueAsync(async () => (await target.ItemsAsync()).Any(i => i.Id == id), "the target still takes items from the honest peer");
        Assert.DoesNotContain(await target.ItemsAsync(), i => i.Key.StartsWith("forged-", StringComparison.Ordinal));
        Assert.Equal(1, await target.PeerCountAsync());
    }
}
