using Google.Protobuf;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Transport;

/// <summary>Maps gossip messages to peer frames and back. Frames with bad contents throw <see cref="FormatException"/>.</summary>
public static class PeerFrameMapper
{
    public static PeerFrame ToFrame(GossipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case InventoryMessage inventory:
                var inv = new Inventory();
                inv.Ids.AddRange(inventory.Ids.Select(id => ByteString.CopyFrom(id.Span)));
                return new PeerFrame { Inventory = inv };
            case GetItemsMessage getItems:
                var get = new GetItems();
                get.Ids.AddRange(getItems.Ids.Select(id => ByteString.CopyFrom(id.Span)));
                return new PeerFrame { GetItems = get };
            case ItemsMessage { Direct: true } direct when direct.Items.Count == 1:
                return new PeerFrame { Direct = new DirectMessage { Item = direct.Items[0] } };
            case ItemsMessage { Direct: true }:
                throw new ArgumentException("A direct message carries exactly one item.", nameof(message));
            case ItemsMessage items:
                var frame = new Protocol.Items();
                frame.Items_.AddRange(items.Items);
                return new PeerFrame { Items = frame };
            case ReconcileMessage reconcile:
                return new PeerFrame { Reconcile = new Reconcile { Payload = ByteString.CopyFrom(reconcile.Payload.Span) } };
            default:
                throw new ArgumentException($"No frame for {message.GetType().Name}.", nameof(message));
        }
    }

    /// <summary>The gossip message in <paramref name="frame"/>, or null for transport frames (Ping, Pong, Goodbye, handshake).</summary>
    public static GossipMessage? FromFrame(PeerFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame.FrameCase switch
        {
            PeerFrame.FrameOneofCase.Inventory => new InventoryMessage(ToIds(frame.Inventory.Ids)),
            PeerFrame.FrameOneofCase.GetItems => new GetItemsMessage(ToIds(frame.GetItems.Ids)),
            PeerFrame.FrameOneofCase.Items => new ItemsMessage([.. frame.Items.Items_]),
            PeerFrame.FrameOneofCase.Reconcile => new ReconcileMessage(frame.Reconcile.Payload.Memory),
            PeerFrame.FrameOneofCase.Direct => frame.Direct.Item is { } item
                ? new ItemsMessage([item], Direct: true)
                : throw new FormatException("A direct message frame carries no item."),
            _ => null,
        };
    }

    private static List<ItemId> ToIds(IReadOnlyCollection<ByteString> ids)
    {
        var result = new List<ItemId>(ids.Count);
        foreach (var id in ids)
        {
            if (!ItemId.TryCreate(id.Span, out var itemId))
            {
                throw new FormatException($"An item id is {P2PProtocol.ItemIdLength} bytes, not {id.Length}.");
            }

            result.Add(itemId);
        }

        return result;
    }
}
