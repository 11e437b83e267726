namespace TradeNode.Chain.Regtest;

/// <summary>
/// For demos (<c>tradenode chain --automine 2s</c>): every interval, if the mempool holds anything, mines one block
/// paying <see cref="PayTo"/>. Stops when disposed.
/// </summary>
public sealed class AutoMiner : IAsyncDisposable
{
    private readonly RegtestChain _chain;
    private readonly PeriodicTimer _timer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public AutoMiner(RegtestChain chain, TimeSpan interval, Script payTo, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(payTo);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _chain = chain;
        PayTo = payTo;
        _timer = new PeriodicTimer(interval, timeProvider ?? TimeProvider.System);
        _loop = RunAsync(_stop.Token);
    }

    public Script PayTo { get; }

    /// <summary>Raised when a mining attempt failed (the loop goes on).</summary>
    public event EventHandler<Exception>? Failed;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _timer.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_chain.GetMempoolTxids().Count == 0)
                {
                    continue;
                }

                try
                {
                    _chain.Generate(1, PayTo);
                }
                catch (InvalidOperationException ex)
                {
                    Failed?.Invoke(this, ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
