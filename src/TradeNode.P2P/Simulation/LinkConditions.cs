namespace TradeNode.P2P.Simulation;

/// <summary>How a simulated link delays and loses messages: latency plus uniform jitter, and a loss rate.</summary>
public sealed record LinkConditions(TimeSpan Latency, TimeSpan Jitter, double LossRate = 0)
{
    public static LinkConditions Default { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10));
}
