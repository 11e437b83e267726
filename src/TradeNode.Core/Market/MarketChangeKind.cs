namespace TradeNode.Core.Market;

/// <summary>What happened to an offer or listing in the local book, as a Watch stream reports it.</summary>
public enum MarketChangeKind
{
    /// <summary>The item appeared: newly created here or received from a peer.</summary>
    Added,

    /// <summary>The author replaced the item with a higher sequence (a refresh or an edit).</summary>
    Updated,

    /// <summary>The item left the book: cancelled or deleted (tombstone), or expired because its author stopped refreshing it.</summary>
    Removed,
}
