using Microsoft.Extensions.Time.Testing;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Tests.Regtest;

public class AutoMinerTests
{
    private readonly TestWallet _wallet = new();

    [Fact]
    public async Task Mines_when_the_mempool_is_not_empty_and_only_thenAsync()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var height = chain.Height;
        var mined = new TaskCompletionSource<ChainTip>(TaskCreationOptions.RunContinuationsAsynchronously);
        chain.TipChanged += (_, tip) => mined.TrySetResult(tip);
        await using var miner = new AutoMiner(chain, TimeSpan.FromSeconds(2), _wallet.MinerScript, clock);

        clock.Advance(TimeSpan.FromSeconds(2));
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        chain.AcceptToMempool(tx);
        Assert.Equal(height, chain.Height);
        clock.Advance(TimeSpan.FromSeconds(2));
        var tip = await mined.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(height + 1, tip.Height);
        Assert.Empty(chain.GetMempoolTxids());
        Assert.Equal(1, chain.GetTransaction(tx.GetHash())!.Confirmations);
    }
}
