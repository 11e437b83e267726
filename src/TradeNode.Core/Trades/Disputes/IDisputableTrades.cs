namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// The trades of one kind that can be disputed (currency trades, goods orders): the dispute service looks a trade up
/// by id in each source, moves it to disputed when a dispute opens and to resolved when the decided payout confirms;
/// while disputed, the source blocks the trade's normal steps.
/// </summary>
public interface IDisputableTrades
{
    /// <summary>The trade <paramref name="id"/> as this node holds it, or null when this source does not know it.</summary>
    DisputableEscrow? FindDisputable(string id);

    /// <summary>
    /// Moves the trade to disputed: when this node opens the dispute (<paramref name="openedHere"/>) only in the steps
    /// where that is allowed (<see cref="Errors.PreconditionFailedException"/> otherwise); idempotent once disputed.
    /// </summary>
    Task MarkDisputedAsync(string id, bool openedHere, CancellationToken cancellationToken = default);

    /// <summary>The dispute's payout <paramref name="payoutTxid"/> is confirmed: the trade ends resolved.</summary>
    Task MarkResolvedAsync(string id, string payoutTxid, CancellationToken cancellationToken = default);
}
