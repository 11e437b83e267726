namespace TradeNode.P2P.Transport;

/// <summary>Limits and timings of the peer transport.</summary>
public sealed class PeerTransportOptions
{
    public string UserAgent { get; set; } = "tradenode/0.1";

    /// <summary>Addresses announced in Hello ("127.0.0.1:9735").</summary>
    public IReadOnlyList<string> ListenAddresses { get; set; } = [];

    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Frames queued for one peer; a peer that does not read until this fills up is dropped.</summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>Bytes queued for one peer; past this the peer is dropped like one whose queue is full.</summary>
    public long MaxQueuedBytes { get; set; } = 16 * 1024 * 1024;

    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A link that receives nothing (not even Pong) for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public double MessagesPerSecond { get; set; } = 200;

    public double MessageBurst { get; set; } = 1000;

    /// <summary>Bytes per second read from one peer; beyond it the link is paced (reading waits), not penalized.</summary>
    public double BytesPerSecond { get; set; } = 16 * 1024 * 1024;

    public double ByteBurst { get; set; } = 32 * 1024 * 1024;

    public int BanScore { get; set; } = 100;

    public TimeSpan BanDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Misbehaviour points a peer loses per hour (see <see cref="MisbehaviourScore"/>): with the defaults a peer that
    /// sends one invalid item an hour is never banned, one that sends ten at once is.
    /// </summary>
    public int ScoreDecayPerHour { get; set; } = 10;

    public int InvalidItemPoints { get; set; } = 10;

    public int OversizeFramePoints { get; set; } = 100;

    public int MalformedFramePoints { get; set; } = 100;

    public int UnexpectedFramePoints { get; set; } = 50;

    public int FloodPoints { get; set; } = 20;

    /// <summary>Inbound links beyond this are refused.</summary>
    public int MaxInbound { get; set; } = 32;

    public int PointsFor(Misbehaviour misbehaviour) => misbehaviour switch
    {
        Misbehaviour.InvalidItem => InvalidItemPoints,
        Misbehaviour.OversizeFrame => OversizeFramePoints,
        Misbehaviour.MalformedFrame => MalformedFramePoints,
        Misbehaviour.UnexpectedFrame => UnexpectedFramePoints,
        Misbehaviour.Flood => FloodPoints,
        _ => BanScore,
    };
}
