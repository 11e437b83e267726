using Google.Protobuf;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

public class PeerFrameMapperTests
{
    private static readonly ItemId[] Ids = [ItemId.Compute([1]), ItemId.Compute([2]), ItemId.Compute([3])];

    private static T RoundTrip<T>(GossipMessage message)
        where T : GossipMessage
    {
        var bytes = PeerFrameMapper.ToFrame(message).ToByteArray();
        return Assert.IsType<T>(PeerFrameMapper.FromFrame(PeerFrame.Parser.ParseFrom(bytes)));
    }

    [Fact]
    public void Inventory_and_get_items_round_trip()
    {
        Assert.Equal(Ids, RoundTrip<InventoryMessage>(new InventoryMessage(Ids)).Ids);
        Assert.Equal(Ids, RoundTrip<GetItemsMessage>(new GetItemsMessage(Ids)).Ids);
    }

    [Fact]
    public void Items_direct_and_reconcile_round_trip()
    {
        var item = new SignedItem { Content = ByteString.CopyFromUtf8("content"), Signature = ByteString.CopyFrom(new byte[64]) };

        var items = RoundTrip<ItemsMessage>(new ItemsMessage([item, item]));
        var direct = RoundTrip<ItemsMessage>(new ItemsMessage([item], Direct: true));
        var reconcile = RoundTrip<ReconcileMessage>(new ReconcileMessage(new byte[] { 9, 8, 7 }));

        Assert.False(items.Direct);
        Assert.Equal([item, item], items.Items);
        Assert.True(direct.Direct);
        Assert.Equal(item, Assert.Single(direct.Items));
        Assert.Equal(new byte[] { 9, 8, 7 }, reconcile.Payload.ToArray());
        Assert.Equal(PeerFrame.FrameOneofCase.Direct, PeerFrameMapper.ToFrame(new ItemsMessage([item], Direct: true)).FrameCase);
    }

    [Fact]
    public void Frames_with_bad_ids_or_no_item_are_format_errors_and_transport_frames_map_to_nothing()
    {
        var badInventory = new PeerFrame { Inventory = new Inventory { Ids = { ByteString.CopyFrom(new byte[31]) } } };
        var emptyDirect = new PeerFrame { Direct = new DirectMessage() };

        Assert.Throws<FormatException>(() => PeerFrameMapper.FromFrame(badInventory));
        Assert.Throws<FormatException>(() => PeerFrameMapper.FromFrame(emptyDirect));
        Assert.Null(PeerFrameMapper.FromFrame(new PeerFrame { Ping = new Ping { Nonce = 1 } }));
    }
}
