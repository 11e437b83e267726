using Microsoft.Extensions.Logging;

namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService
{
    private ConfirmationTracker? _confirmationTracker;

    /// <summary>The loop's tracker (made on first use, only by the loop).</summary>
    private ConfirmationTracker ConfirmationWatch => _confirmationTracker ??= new ConfirmationTracker(_chain, Math.Max(_options.ConfirmationWatchDepth, _options.FundingConfirmations));

    /// <summary>The confirmations of <paramref name="order"/>'s funding, payout and refund, read from the chain now.</summary>
    public async Task<OrderConfirmations> GetConfirmationsAsync(GoodsOrder order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new OrderConfirmations(
            await ConfirmationTracker.CountAsync(_chain, order.FundingTxid, cancellationToken).ConfigureAwait(false),
            await ConfirmationTracker.CountAsync(_chain, order.PayoutTxid, cancellationToken).ConfigureAwait(false),
            await ConfirmationTracker.CountAsync(_chain, order.RefundTxid, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Raises <see cref="Changed"/> for each order whose funding, payout or refund confirmations moved since the last
    /// pass, until they reach <see cref="OrderOptions.ConfirmationWatchDepth"/>. Nothing is persisted.
    /// </summary>
    private async Task RaiseConfirmationChangesAsync(CancellationToken cancellationToken)
    {
        var ids = List(open: true).Where(o => o.FundingTxid.Length > 0).Select(o => o.Id).Union(ConfirmationWatch.Watched, StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            if (Find(id) is not { } order)
            {
                continue;
            }

            try
            {
                if (await ConfirmationWatch.RoseAsync(id, [order.FundingTxid, order.PayoutTxid, order.RefundTxid], order.IsClosed, cancellationToken).ConfigureAwait(false))
                {
                    Changed?.Invoke(this, new OrderChange(order));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogDebug("Reading the confirmations of order {OrderId} failed: {Reason}", id, e.Message);
            }
        }
    }
}
