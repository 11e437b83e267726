namespace TradeNode.Node;

/// <summary>
/// The JSON body of POST /mailbox: a recipient node key (hex) and a text payload, or raw payload bytes in base64
/// (a trade message in its mail envelope, say) when <see cref="PayloadBase64"/> is given.
/// </summary>
public sealed record MailRequest(string? Recipient, string? Payload, string? PayloadBase64 = null);
