using TradeNode.Chain;
using TradeNode.Chain.Regtest;

namespace TradeNode.Core.Tests;

public sealed class ChainWaiterTests : IDisposable
{
    private readonly RegtestChain _chain = RegtestChain.CreateInMemory();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public async Task A_wait_whose_time_runs_out_between_two_clock_reads_ends_instead_of_throwing()
    {
        // Each clock read moves 0.6 s on: the loop sees 0.6 s of a 1 s interval gone, then 1.2 s when it works out
        // what is left; a negative timer delay used to throw out of the trade and order loops.
        var waiter = new ChainWaiter(new EmbeddedChainClient(_chain), new SteppingClock(TimeSpan.FromMilliseconds(600)), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

        await waiter.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_kick_ends_the_wait_at_once()
    {
        var waiter = new ChainWaiter(new EmbeddedChainClient(_chain), TimeProvider.System, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
        var wait = waiter.WaitAsync(CancellationToken.None);

        waiter.Kick();

        await wait.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A clock that moves a fixed step on at every read of the timestamp.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _now, step.Ticks);
    }
}
