using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>Settings of <see cref="DisputeService"/>.</summary>
public sealed class DisputeOptions
{
    /// <summary>The chain the escrows are on.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>How often the loop looks for decided payouts on the chain.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest reason, evidence text or note, in characters.</summary>
    public int MaxTextLength { get; init; } = 4000;

    /// <summary>Capacity of each <see cref="DisputeService.WatchAsync"/> subscriber's queue; the oldest changes are dropped beyond it.</summary>
    public int WatchCapacity { get; init; } = 1024;

    /// <summary>Largest chat transcript the arbitrator takes from the trader that did not open the dispute, in bytes.</summary>
    public int MaxTranscriptBytes { get; init; } = 512 * 1024;

    /// <summary>How long the arbitrator holds a transcript that overtook the case it belongs to.</summary>
    public TimeSpan TranscriptHoldTime { get; init; } = TimeSpan.FromMinutes(10);
}
