using TradeNode.Bitcoin;

namespace TradeNode.Core.Trades.Currency;

/// <summary>Settings of <see cref="TradeService"/>.</summary>
public sealed class TradeOptions
{
    /// <summary>The chain the trades' escrows are on.</summary>
    public Network Network { get; init; } = Network.RegTest;

    /// <summary>
    /// The longest the loop waits between two looks at its trades on the chain; it looks sooner when the chain's tip
    /// changes (see <see cref="TipCheckInterval"/>) or right after this node broadcast or a trade moved.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the loop asks the chain for its tip (one cheap call) to notice a new block.</summary>
    public TimeSpan TipCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a trade waits on the counterparty's answer before this node sends its last message again (a mailbox
    /// message can be lost on the way); each further re-send waits twice as long, up to <see cref="MaxResendInterval"/>.
    /// </summary>
    public TimeSpan ResendAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait between two re-sends of one trade's last message.</summary>
    public TimeSpan MaxResendInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Confirmations after which a deposit counts as confirmed.</summary>
    public int DepositConfirmations { get; init; } = 1;

    /// <summary>Fee rate of deposits and payouts when the chain gives no estimate, in sat/vB.</summary>
    public long FallbackFeeRateSatPerVByte { get; init; } = 2;

    /// <summary>The highest fee rate a trader accepts for a deposit or payout built by the other side, in sat/vB.</summary>
    public long MaxFeeRateSatPerVByte { get; init; } = 500;

    /// <summary>What a trader reserves above its escrow share for its half of the deposit's mining fee, in satoshis.</summary>
    public long FeeReserveSats { get; init; } = 50_000;

    /// <summary>
    /// Watch streams get a change each time the deposit's or payout's confirmations move, up to this depth (or
    /// <see cref="DepositConfirmations"/> when higher); the counts are read from the chain whenever a trade is read.
    /// </summary>
    public int ConfirmationWatchDepth { get; init; } = 6;

    /// <summary>Capacity of each <see cref="TradeService.WatchAsync"/> subscriber's queue; the oldest changes are dropped beyond it.</summary>
    public int WatchCapacity { get; init; } = 1024;
}
