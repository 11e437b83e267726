namespace TradeNode.Node;

/// <summary>The JSON body of POST /items and POST /tombstones.</summary>
public sealed record PublishRequest(string? Kind, string? Key, ulong Sequence, string? Body, int TtlSeconds = 3600);
