namespace TradeNode.Core.Trades.Chat;

/// <summary>Settings of <see cref="ChatService"/>.</summary>
public sealed class ChatOptions
{
    /// <summary>How often the loop retries messages not handed to the mailbox yet and re-checks held ones.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a message for a trade this node does not know yet is held before it is rejected: a message can
    /// overtake the trade message that makes the trade known here (each mail topic has its own queue).
    /// </summary>
    public TimeSpan HoldUnknownTradeFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many messages for unknown trades are held at most; beyond it the oldest is rejected.</summary>
    public int MaxHeld { get; init; } = 256;

    /// <summary>Capacity of each <see cref="ChatService.WatchAsync"/> subscriber's queue; the oldest messages are dropped beyond it.</summary>
    public int WatchCapacity { get; init; } = 1024;
}
