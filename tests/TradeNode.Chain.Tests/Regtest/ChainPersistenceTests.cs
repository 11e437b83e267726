using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Tests.Regtest;

public sealed class ChainPersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tradenode-chain-" + Guid.NewGuid().ToString("N"));
    private readonly TestWallet _wallet = new();

    [Fact]
    public void Restart_keeps_the_chain_the_utxo_set_and_the_mempool()
    {
        UInt256 tip;
        Transaction confirmed;
        Transaction pending;
        OutPoint coin;
        using (var chain = RegtestChain.Open(_directory))
        {
            coin = _wallet.MatureCoinbase(chain);
            var key = new Key();
            confirmed = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(key), Money.Satoshis(1_000));
            chain.AcceptToMempool(confirmed);
            chain.Generate(1, _wallet.MinerScript);
            pending = TestWallet.SpendP2wpkh(new OutPoint(confirmed.GetHash(), 0), confirmed.Outputs[0].Value, key, TestWallet.P2wpkh(new Key()), Money.Satoshis(500));
            chain.AcceptToMempool(pending);
            tip = chain.Tip.Hash;
        }

        using var reopened = RegtestChain.Open(_directory);

        Assert.Equal(102, reopened.Height);
        Assert.Equal(tip, reopened.Tip.Hash);
        Assert.Equal([pending.GetHash()], reopened.GetMempoolTxids());
        Assert.Null(reopened.GetTxOut(coin));
        Assert.Equal(1, reopened.GetTransaction(confirmed.GetHash())!.Confirmations);
        Assert.Equal("txn-already-in-mempool", Assert.Throws<ValidationException>(() => reopened.AcceptToMempool(pending)).Reason);
    }

    [Fact]
    public void Restart_remembers_invalidated_blocks()
    {
        UInt256 invalidated;
        using (var chain = RegtestChain.Open(_directory))
        {
            var hashes = chain.Generate(3, _wallet.MinerScript);
            invalidated = hashes[1];
            chain.InvalidateBlock(invalidated);
        }

        using var reopened = RegtestChain.Open(_directory);

        Assert.Equal(1, reopened.Height);
        reopened.ReconsiderBlock(invalidated);
        Assert.Equal(3, reopened.Height);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
