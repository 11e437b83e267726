using TradeNode.P2P.Identity;

namespace TradeNode.P2P.Mailbox;

/// <summary>A mailbox message delivered to the application: its verified sender, id, send time and payload.</summary>
public sealed record ReceivedMessage(NodeKey Sender, byte[] MessageId, DateTimeOffset SentAt, byte[] Payload)
{
    public string MessageIdHex => Convert.ToHexStringLower(MessageId);
}
