namespace TradeNode.Node;

/// <summary>The JSON body of POST /mailbox: a recipient node key (hex) and a text payload.</summary>
public sealed record MailRequest(string? Recipient, string? Payload);
