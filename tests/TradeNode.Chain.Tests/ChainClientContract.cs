using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Chain.Tests;

/// <summary>
/// What every <see cref="IChainClient"/> backed by the embedded chain must do, whichever way it is reached: in
/// process, over HTTP in process, or through a <c>tradenode chain</c> process. Each derived class supplies a fresh
/// chain at genesis.
/// </summary>
public abstract class ChainClientContract : IAsyncLifetime
{
    private readonly TestWallet _wallet = new();

    protected IChainClient Client { get; set; } = null!;

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task Mines_spends_P2wpkh_and_confirmsAsync()
    {
        var coin = await MatureCoinbaseAsync();
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));

        var broadcast = await Client.BroadcastAsync(tx);
        var inMempool = await Client.GetMempoolTxidsAsync();
        var mined = (await Client.GenerateToScriptAsync(1, _wallet.MinerScript))[0];
        var confirmed = await Client.GetTransactionAsync(tx.GetHash());

        Assert.True(broadcast.Accepted, broadcast.RejectReason);
        Assert.Contains(tx.GetHash(), inMempool);
        Assert.Equal(mined, confirmed!.BlockHash);
        Assert.Equal(1, confirmed.Confirmations);
        Assert.Null(await Client.GetTxOutAsync(coin));
        Assert.Equal(tx.Outputs[0].Value, (await Client.GetTxOutAsync(new OutPoint(tx.GetHash(), 0)))!.Output.Value);
    }

    [Fact]
    public async Task Funds_and_spends_a_two_of_three_P2wsh_escrowAsync()
    {
        var coin = await MatureCoinbaseAsync();
        Key[] keys = [new(), new(), new()];
        var witnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, true, keys.Select(k => k.PubKey).ToArray());
        var funding = _wallet.SpendCoinbase(coin, PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(witnessScript), Money.Satoshis(2_000));
        Assert.True((await Client.BroadcastAsync(funding)).Accepted);
        await Client.GenerateToScriptAsync(1, _wallet.MinerScript);
        var value = funding.Outputs[0].Value;
        var payout = TestWallet.Build(new OutPoint(funding.GetHash(), 0), [new TxOut(value - Money.Satoshis(3_000), TestWallet.P2wpkh(keys[1]))]);
        var signers = keys.OrderBy(k => k.PubKey.ToHex(), StringComparer.Ordinal).Take(2).ToArray();
        payout.Inputs[0].WitScript = new WitScript([], TestWallet.Sign(payout, 0, witnessScript, value, signers[0]), TestWallet.Sign(payout, 0, witnessScript, value, signers[1]), witnessScript.ToBytes());

        var result = await Client.BroadcastAsync(payout);
        await Client.GenerateToScriptAsync(1, _wallet.MinerScript);

        Assert.True(result.Accepted, result.RejectReason);
        Assert.Equal(1, (await Client.GetTransactionAsync(payout.GetHash()))!.Confirmations);
    }

    [Fact]
    public async Task Rejects_with_Bitcoin_Core_reasonsAsync()
    {
        var coin = await MatureCoinbaseAsync();
        var immature = new OutPoint((await Client.GetBlockAsync(101))!.Block.Transactions[0].GetHash(), 0);
        var to = TestWallet.P2wpkh(new Key());
        var dust = TestWallet.Build(coin, [new TxOut(Money.Satoshis(100), to), new TxOut(Money.Coins(49m), to)]);
        TestWallet.SignP2wpkh(dust, 0, Money.Coins(50m), _wallet.MinerKey);
        var locked = TestWallet.Build(coin, [new TxOut(Money.Coins(49m), to)], sequence: TxIn.SequenceFinal - 1, lockTime: 500);
        TestWallet.SignP2wpkh(locked, 0, Money.Coins(50m), _wallet.MinerKey);
        var relative = TestWallet.Build(coin, [new TxOut(Money.Coins(49m), to)], sequence: 200);
        TestWallet.SignP2wpkh(relative, 0, Money.Coins(50m), _wallet.MinerKey);

        await AssertRejectedAsync("bad-txns-inputs-missingorspent", _wallet.SpendCoinbase(new OutPoint(UInt256.One, 3), to, Money.Satoshis(1_000)));
        await AssertRejectedAsync("bad-txns-premature-spend-of-coinbase", _wallet.SpendCoinbase(immature, to, Money.Satoshis(1_000)));
        await AssertRejectedAsync("min relay fee not met", _wallet.SpendCoinbase(coin, to, Money.Satoshis(10)));
        await AssertRejectedAsync("dust", dust);
        await AssertRejectedAsync("non-final", locked);
        await AssertRejectedAsync("non-BIP68-final", relative);
        await AssertRejectedAsync("mandatory-script-verify-flag-failed (", TestWallet.SpendP2wpkh(coin, Money.Coins(50m), new Key(), to, Money.Satoshis(1_000)));

        var first = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, to, Money.Satoshis(1_000), sequence: TxIn.SequenceFinal);
        var second = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(9_000), sequence: TxIn.SequenceFinal);
        Assert.True((await Client.BroadcastAsync(first)).Accepted);
        await AssertRejectedAsync("txn-mempool-conflict", second);
        await Client.GenerateToScriptAsync(1, _wallet.MinerScript);
        await AssertRejectedAsync("bad-txns-inputs-missingorspent", second);
        Assert.Empty(await Client.GetMempoolTxidsAsync());
    }

    [Fact]
    public async Task Relative_and_absolute_locks_become_final_after_miningAsync()
    {
        var coin = await MatureCoinbaseAsync();
        var key = new Key();
        var checkSig = PayToPubkeyTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        var csvScript = LockTimeScripts.CheckSequenceVerify(3, checkSig);
        var lockHeight = (await Client.GetTipAsync()).Height + 6;
        var cltvScript = LockTimeScripts.CheckLockTimeVerify(lockHeight, checkSig);
        var funding = TestWallet.Build(coin, [
            new TxOut(Money.Coins(20m), PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(csvScript)),
            new TxOut(Money.Coins(29.999m), PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(cltvScript))]);
        TestWallet.SignP2wpkh(funding, 0, Money.Coins(50m), _wallet.MinerKey);
        var funded = await Client.BroadcastAsync(funding);
        Assert.True(funded.Accepted, funded.RejectReason);
        await Client.GenerateToScriptAsync(1, _wallet.MinerScript);
        var csvSpend = TestWallet.Build(new OutPoint(funding.GetHash(), 0), [new TxOut(Money.Coins(19.999m), TestWallet.P2wpkh(key))], sequence: 3);
        csvSpend.Inputs[0].WitScript = new WitScript(TestWallet.Sign(csvSpend, 0, csvScript, Money.Coins(20m), key), csvScript.ToBytes());
        var cltvSpend = TestWallet.Build(new OutPoint(funding.GetHash(), 1), [new TxOut(Money.Coins(29.998m), TestWallet.P2wpkh(key))], sequence: TxIn.SequenceFinal - 1, lockTime: (uint)lockHeight);
        cltvSpend.Inputs[0].WitScript = new WitScript(TestWallet.Sign(cltvSpend, 0, cltvScript, Money.Coins(29.999m), key), cltvScript.ToBytes());

        await AssertRejectedAsync("non-BIP68-final", csvSpend);
        await AssertRejectedAsync("non-final", cltvSpend);
        await Client.GenerateToScriptAsync(2, _wallet.MinerScript);
        var csvResult = await Client.BroadcastAsync(csvSpend);
        await Client.GenerateToScriptAsync(3, _wallet.MinerScript);
        var cltvResult = await Client.BroadcastAsync(cltvSpend);

        Assert.True(csvResult.Accepted, csvResult.RejectReason);
        Assert.True(cltvResult.Accepted, cltvResult.RejectReason);
    }

    [Fact]
    public async Task Reorg_returns_transactions_to_the_mempool_and_backAsync()
    {
        var coin = await MatureCoinbaseAsync();
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        Assert.True((await Client.BroadcastAsync(tx)).Accepted);
        var mined = await Client.GenerateToScriptAsync(2, _wallet.MinerScript);

        await Client.InvalidateBlockAsync(mined[0]);
        var afterInvalidate = await Client.GetTipAsync();
        var pending = await Client.GetMempoolTxidsAsync();
        var pendingTx = await Client.GetTransactionAsync(tx.GetHash());
        await Client.ReconsiderBlockAsync(mined[0]);
        var afterReconsider = await Client.GetTipAsync();

        Assert.Equal(mined[0], (await Client.GetBlockHeaderAsync(mined[1]))!.Header.HashPrevBlock);
        Assert.Equal(101, afterInvalidate.Height);
        Assert.Equal([tx.GetHash()], pending);
        Assert.Null(pendingTx!.BlockHash);
        Assert.Equal(mined[1], afterReconsider.Hash);
        Assert.Equal(2, (await Client.GetTransactionAsync(tx.GetHash()))!.Confirmations);
        Assert.Empty(await Client.GetMempoolTxidsAsync());
    }

    private async Task<OutPoint> MatureCoinbaseAsync()
    {
        await Client.GenerateToScriptAsync(101, _wallet.MinerScript);
        return new OutPoint((await Client.GetBlockAsync(1))!.Block.Transactions[0].GetHash(), 0);
    }

    private async Task AssertRejectedAsync(string reason, Transaction tx)
    {
        var result = await Client.BroadcastAsync(tx);
        var tested = await Client.TestMempoolAcceptAsync([tx]);

        Assert.False(result.Accepted);
        Assert.StartsWith(reason, result.RejectReason, StringComparison.Ordinal);
        Assert.False(tested[0].Allowed);
        Assert.StartsWith(reason.TrimEnd('('), tested[0].RejectReason, StringComparison.Ordinal);
    }
}
