namespace TradeNode.Core.Trades.Disputes;

/// <summary>A dispute message this node sent and sends again after a restart (the receiver ignores what it has).</summary>
/// <param name="Recipient">The recipient's Ed25519 node key.</param>
/// <param name="Message">The serialized <c>DisputeMessage</c>.</param>
public sealed record DisputeOutgoing(byte[] Recipient, byte[] Message);
