namespace TradeNode.P2P.Peers;

/// <summary>Tuning of a <see cref="PeerManager"/>.</summary>
public sealed class PeerManagerOptions
{
    /// <summary>Addresses ("host:port") always dialled when not connected.</summary>
    public IReadOnlyList<string> Seeds { get; set; } = [];

    /// <summary>How many outbound links the manager keeps open.</summary>
    public int OutboundTarget { get; set; } = 8;

    /// <summary>How often the manager looks for links to open.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of one dial (with exponential, jittered backoff from <see cref="RetryDelay"/>).</summary>
    public int DialRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>After this many failed dials in a row an address's circuit opens for <see cref="BreakDuration"/>.</summary>
    public int BreakAfterFailures { get; set; } = 3;

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most addresses remembered.</summary>
    public int MaxKnownPeers { get; set; } = 1000;
}
