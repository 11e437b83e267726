using System.Threading.Channels;
using TradeNode.Bitcoin;
using TradeNode.Chain;

namespace TradeNode.Core;

/// <summary>
/// Paces a loop that acts on the chain: <see cref="WaitAsync"/> returns as soon as the chain's tip changes (checked
/// with one cheap tip call every <c>tipCheckInterval</c>), when <see cref="Kick"/> was called (say after an own
/// broadcast), or after <c>fallbackInterval</c> at the latest (for mempool changes, which move no tip). So a loop
/// reacts to a new block within a tip check instead of a whole poll interval, and stays idle otherwise.
/// </summary>
internal sealed class ChainWaiter
{
    private readonly IChainClient _chain;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tipCheckInterval;
    private readonly TimeSpan _fallbackInterval;
    private readonly Channel<bool> _kicks = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private UInt256? _lastTip;

    public ChainWaiter(IChainClient chain, TimeProvider time, TimeSpan tipCheckInterval, TimeSpan fallbackInterval)
    {
        _chain = chain;
        _time = time;
        _tipCheckInterval = tipCheckInterval <= TimeSpan.Zero || tipCheckInterval > fallbackInterval ? fallbackInterval : tipCheckInterval;
        _fallbackInterval = fallbackInterval;
    }

    /// <summary>Makes the current or next <see cref="WaitAsync"/> return at once; kicks while one is pending coalesce.</summary>
    public void Kick() => _kicks.Writer.TryWrite(true);

    /// <summary>Waits for a new tip, a kick or the fallback interval, whichever comes first.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < _fallbackInterval)
        {
            if (_kicks.Reader.TryRead(out _))
            {
                return;
            }

            // Time moves on between the loop's check and here: a wait that has nothing left ends instead of asking
            // for a timer with a negative delay (which throws).
            var left = _fallbackInterval - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using (var timer = new CancellationTokenSource(left < _tipCheckInterval ? left : _tipCheckInterval, _time))
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token))
            {
                try
                {
                    await _kicks.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
                    _kicks.Reader.TryRead(out _);
                    return;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }
            }

            if (await TipChangedAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> TipChangedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var tip = (await _chain.GetTipAsync(cancellationToken).ConfigureAwait(false)).Hash;
            var changed = _lastTip is { } last && last != tip;
            _lastTip = tip;
            return changed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The loop's own pass reports chain failures; here a failed check only means "no news".
            return false;
        }
    }
}
