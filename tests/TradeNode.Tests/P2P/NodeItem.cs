namespace TradeNode.Tests.P2P;

/// <summary>One item as GET /items of the node control surface lists it.</summary>
internal sealed record NodeItem(string Id, string Kind, string Author, string Key, ulong Sequence, long ExpiresUnixMs, string? Body);
