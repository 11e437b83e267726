namespace TradeNode.Tests.P2P;

/// <summary>One received mailbox message as GET /mailbox lists it.</summary>
internal sealed record NodeMail(string MessageId, string Sender, string Payload);
