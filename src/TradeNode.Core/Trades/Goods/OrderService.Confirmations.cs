namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService
{
    private ConfirmationTracker? _confirmationTracker;

    /// <summary>The tracker of the loop (made on first use; the API reads its last counts when the chain cannot be read).</summary>
    private ConfirmationTracker ConfirmationWatch => LazyInitializer.EnsureInitialized(ref _confirmationTracker, () => new ConfirmationTracker(_chain, Math.Max(_options.ConfirmationWatchDepth, _options.FundingConfirmations)));

    /// <summary>The confirmations of <paramref name="order"/>'s funding, payout and refund, read from the chain now (the last counts seen when the chain cannot be read).</summary>
    public async Task<OrderConfirmations> GetConfirmationsAsync(GoodsOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderConfirmations(
            await ConfirmationWatch.ReadAsync(order.Id, 0, order.FundingTxid, _logger, cancellationToken).ConfigureAwait(false),
            await ConfirmationWatch.ReadAsync(order.Id, 1, order.PayoutTxid, _logger, cancellationToken).ConfigureAwait(false),
            await ConfirmationWatch.ReadAsync(order.Id, 2, order.RefundTxid, _logger, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Raises <see cref="Changed"/> for each order whose funding, payout or refund confirmations moved since the last
    /// pass, until they reach <see cref="OrderOptions.ConfirmationWatchDepth"/>. Nothing is persisted.
    /// </summary>
    private Task RaiseConfirmationChangesAsync(CancellationToken cancellationToken) => ConfirmationWatch.PassAsync(
        List(open: true).Where(o => o.FundingTxid.Length > 0).Select(o => o.Id),
        Find,
        o => ([o.FundingTxid, o.PayoutTxid, o.RefundTxid], o.IsClosed),
        o => Changed?.Invoke(this, new OrderChange(o)),
        _logger,
        cancellationToken);
}
