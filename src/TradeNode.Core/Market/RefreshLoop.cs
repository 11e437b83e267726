using Microsoft.Extensions.Logging;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Market;

/// <summary>The loop that keeps a service's own items alive: refresh what is due, sleep until the next is due.</summary>
internal static class RefreshLoop
{
    private static readonly TimeSpan MinSleep = TimeSpan.FromMilliseconds(20);

    public static async Task RunAsync(OwnItems own, ItemKind kind, MarketOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = own.WhenChanged;
            try
            {
                await own.RefreshDueAsync(kind, cancellationToken).ConfigureAwait(false);
                failing = false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is LiteDB.LiteException or IOException or InvalidOperationException)
            {
                // Logged once per run of failures, so a broken disk does not flood the log.
                if (!failing)
                {
                    logger.LogError(e, "Refreshing own {Kind} items failed", kind);
                }

                failing = true;
            }

            var next = own.NextDue(kind);
            var sleep = next is null ? options.MaxRefreshTick : next.Value - time.GetUtcNow();
            sleep = sleep < MinSleep ? MinSleep : sleep > options.MaxRefreshTick ? options.MaxRefreshTick : sleep;
            // Sleep until the next item is due, or until an item is published or removed (a new one may be due sooner).
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(sleep, time, wake.Token);
            await Task.WhenAny(delay, changed).ConfigureAwait(false);
            await wake.CancelAsync().ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
