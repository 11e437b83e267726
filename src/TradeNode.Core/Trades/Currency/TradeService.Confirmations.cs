using Microsoft.Extensions.Logging;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    private ConfirmationTracker? _confirmationTracker;

    /// <summary>The loop's tracker (made on first use, only by the loop).</summary>
    private ConfirmationTracker ConfirmationWatch => _confirmationTracker ??= new ConfirmationTracker(_chain, Math.Max(_options.ConfirmationWatchDepth, _options.DepositConfirmations));

    /// <summary>The confirmations of <paramref name="trade"/>'s deposit and payout, read from the chain now.</summary>
    public async Task<TradeConfirmations> GetConfirmationsAsync(CurrencyTrade trade, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return new TradeConfirmations(
            await ConfirmationTracker.CountAsync(_chain, trade.DepositTxid, cancellationToken).ConfigureAwait(false),
            await ConfirmationTracker.CountAsync(_chain, trade.PayoutTxid, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Raises <see cref="Changed"/> for each trade whose deposit or payout confirmations moved since the last pass,
    /// until both reach <see cref="TradeOptions.ConfirmationWatchDepth"/> (or the trade waits for more): a watcher sees
    /// them rise block by block. Nothing is persisted; the counts are read again when the trade is read.
    /// </summary>
    private async Task RaiseConfirmationChangesAsync(CancellationToken cancellationToken)
    {
        var ids = List(open: true).Where(t => t.DepositTxid.Length > 0).Select(t => t.Id).Union(ConfirmationWatch.Watched, StringComparer.Ordinal).ToList();
        foreach (var id in ids)
        {
            if (Find(id) is not { } trade)
            {
                continue;
            }

            try
            {
                if (await ConfirmationWatch.RoseAsync(id, [trade.DepositTxid, trade.PayoutTxid], trade.IsClosed, cancellationToken).ConfigureAwait(false))
                {
                    Changed?.Invoke(this, new TradeChange(trade));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogDebug("Reading the confirmations of trade {TradeId} failed: {Reason}", id, e.Message);
            }
        }
    }
}
