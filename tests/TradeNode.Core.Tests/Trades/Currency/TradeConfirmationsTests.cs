using TradeNode.Bitcoin;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades;
using TradeNode.Core.Trades.Currency;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>
/// Confirmation counts of a trade's transactions on the embedded chain: read at read time (0 in the mempool, -1 not
/// published), and a watcher gets a change with each block up to the watch depth, then no more.
/// </summary>
public sealed class TradeConfirmationsTests : TradeTestBase
{
    [Fact]
    public async Task A_deposits_confirmations_rise_block_by_block_and_each_block_up_to_the_depth_is_a_watched_changeAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State == TradeState.DepositPublished, "the taker sees the deposit published", StepDeadline);
        var inMempool = await taker.Trades.GetConfirmationsAsync(taker.Trades.Get(taken.Id));
        using var watching = new CancellationTokenSource(StepDeadline * 4);
        var changes = taker.Trades.WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        var next = changes.MoveNextAsync();

        var seen = new List<int>();
        for (var block = 1; block <= 6; block++)
        {
            Chain.Generate(1, Stranger());
            var expected = block;
            while (true)
            {
                Assert.True(await next.AsTask().WaitAsync(StepDeadline), "the watch ended");
                var count = (await taker.Trades.GetConfirmationsAsync(changes.Current.Trade)).Deposit;
                next = changes.MoveNextAsync();
                if (count == expected)
                {
                    seen.Add(count);
                    break;
                }
            }
        }

        await watching.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        await changes.DisposeAsync();

        Assert.Equal(new TradeConfirmations(0, -1), inMempool);
        Assert.Equal([1, 2, 3, 4, 5, 6], seen);
        Assert.Equal(new TradeConfirmations(6, -1), await maker.Trades.GetConfirmationsAsync(maker.Trades.Get(taken.Id)));
        Assert.Equal(TradeState.DepositConfirmed, taker.Trades.Get(taken.Id).State);
    }

    [Fact]
    public async Task The_tracker_reports_each_move_up_to_its_depth_then_no_more_and_forgets_a_closed_tradeAsync()
    {
        var tracker = new ConfirmationTracker(Client, depth: 3);
        var block = await Client.GetBlockAsync(Chain.Generate(1, Stranger())[0]);
        var coinbase = block!.Block.Transactions[0].GetHash().ToString();
        var unknown = new UInt256(new byte[32]).ToString();
        string[] txids = [coinbase, string.Empty, unknown];

        var first = await tracker.RoseAsync("t", txids, closed: false);
        var moves = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            Chain.Generate(1, Stranger());
            moves.Add(await tracker.RoseAsync("t", txids, closed: false));
        }

        var watchedWhileOpen = tracker.Watched.Contains("t");
        var closedMove = await tracker.RoseAsync("t", txids, closed: true);

        Assert.False(first); // the first look only records
        Assert.Equal([true, true, false, false], moves); // 2 and 3 confirmations; at the depth it is not read again
        Assert.True(watchedWhileOpen);
        Assert.False(closedMove);
        Assert.DoesNotContain("t", tracker.Watched);
        Assert.Equal(5, await ConfirmationTracker.CountAsync(Client, coinbase));
        Assert.Equal(ConfirmationTracker.NotPublished, await ConfirmationTracker.CountAsync(Client, unknown));
        Assert.Equal(ConfirmationTracker.NotPublished, await ConfirmationTracker.CountAsync(Client, string.Empty));
    }
}
