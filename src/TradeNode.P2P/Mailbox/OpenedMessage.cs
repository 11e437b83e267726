using TradeNode.P2P.Identity;

namespace TradeNode.P2P.Mailbox;

/// <summary>A mailbox message that decrypted and whose sender signature verified.</summary>
/// <param name="Sender">The sender's Ed25519 key (proven by the inner signature).</param>
/// <param name="MessageId">16 bytes; deliver each id to the application once.</param>
/// <param name="SentAt">The sender's clock when sealing.</param>
/// <param name="Payload">The application bytes.</param>
public sealed record OpenedMessage(NodeKey Sender, byte[] MessageId, DateTimeOffset SentAt, byte[] Payload);
