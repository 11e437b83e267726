namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    private ConfirmationTracker? _confirmationTracker;

    /// <summary>The tracker of the loop (made on first use; the API reads its last counts when the chain cannot be read).</summary>
    private ConfirmationTracker ConfirmationWatch => LazyInitializer.EnsureInitialized(ref _confirmationTracker, () => new ConfirmationTracker(_chain, Math.Max(_options.ConfirmationWatchDepth, _options.DepositConfirmations)));

    /// <summary>The confirmations of <paramref name="trade"/>'s deposit and payout, read from the chain now (the last counts seen when the chain cannot be read).</summary>
    public async Task<TradeConfirmations> GetConfirmationsAsync(CurrencyTrade trade, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return new TradeConfirmations(
            await ConfirmationWatch.ReadAsync(trade.Id, 0, trade.DepositTxid, _logger, cancellationToken).ConfigureAwait(false),
            await ConfirmationWatch.ReadAsync(trade.Id, 1, trade.PayoutTxid, _logger, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Raises <see cref="Changed"/> for each trade whose deposit or payout confirmations moved since the last pass,
    /// until both reach <see cref="TradeOptions.ConfirmationWatchDepth"/> (or the trade waits for more): a watcher sees
    /// them rise block by block. Nothing is persisted; the counts are read again when the trade is read.
    /// </summary>
    private Task RaiseConfirmationChangesAsync(CancellationToken cancellationToken) => ConfirmationWatch.PassAsync(
        List(open: true).Where(t => t.DepositTxid.Length > 0).Select(t => t.Id),
        Find,
        t => ([t.DepositTxid, t.PayoutTxid], t.IsClosed),
        t => Changed?.Invoke(this, new TradeChange(t)),
        _logger,
        cancellationToken);
}
