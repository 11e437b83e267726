namespace TradeNode.P2P.Transport;

/// <summary>One ban as persisted: the banned thing ("key:hex" or "address:host"), until when, and why.</summary>
public sealed class BanRecord
{
    public string Id { get; set; } = string.Empty;

    public long UntilUnixMs { get; set; }

    public string Reason { get; set; } = string.Empty;
}
