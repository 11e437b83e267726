using Google.Protobuf;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests;

public class P2PProtocolTests
{
    [Fact]
    public void Generated_frames_round_trip_through_protobuf()
    {
        var frame = new PeerFrame { Inventory = new Inventory { Ids = { ByteString.CopyFrom(new byte[P2PProtocol.ItemIdLength]) } } };

        var parsed = PeerFrame.Parser.ParseFrom(frame.ToByteArray());

        Assert.Equal(PeerFrame.FrameOneofCase.Inventory, parsed.FrameCase);
        Assert.Equal(P2PProtocol.ItemIdLength, parsed.Inventory.Ids[0].Length);
    }
}
