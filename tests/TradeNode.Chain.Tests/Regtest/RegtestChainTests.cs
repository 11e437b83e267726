using TradeNode.Bitcoin.Blocks;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;

namespace TradeNode.Chain.Tests.Regtest;

public class RegtestChainTests
{
    private readonly TestWallet _wallet = new();

    [Fact]
    public void New_chain_starts_at_Core_regtest_genesis()
    {
        using var chain = RegtestChain.CreateInMemory();

        Assert.Equal(0, chain.Height);
        Assert.Equal("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206", chain.Tip.Hash.ToString());
    }

    [Fact]
    public void Mining_pays_the_subsidy_with_BIP34_height_and_witness_commitment()
    {
        using var chain = RegtestChain.CreateInMemory();

        var hashes = chain.Generate(3, _wallet.MinerScript);

        Assert.Equal(3, chain.Height);
        Assert.Equal(hashes[^1], chain.Tip.Hash);
        var block = chain.GetBlock(2)!.Block;
        var coinbase = block.Transactions[0];
        Assert.Equal(Money.Coins(50m), coinbase.Outputs[0].Value);
        Assert.Equal(new Script(Op.GetPushOp(2)).ToBytes(), coinbase.Inputs[0].ScriptSig.Span[..1].ToArray());
        Assert.Equal(1, block.GetWitnessCommitmentIndex());
        Assert.Null(block.Check());
        Assert.Equal(2, chain.GetBlock(hashes[0])!.Confirmations - 1);
    }

    [Fact]
    public void Subsidy_halves_every_150_blocks()
    {
        var parameters = ChainParameters.RegTest;

        Assert.Equal(Money.Coins(50m), parameters.GetBlockSubsidy(149));
        Assert.Equal(Money.Coins(25m), parameters.GetBlockSubsidy(150));
        Assert.Equal(Money.Coins(12.5m), parameters.GetBlockSubsidy(300));
        Assert.Equal(Money.Zero, parameters.GetBlockSubsidy(150 * 64));
    }

    [Fact]
    public void P2wpkh_spend_enters_the_mempool_and_confirms()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var receiver = new Key();
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(receiver), Money.Satoshis(1_000));

        var entry = chain.AcceptToMempool(tx);

        Assert.Equal(Money.Satoshis(1_000), entry.Fee);
        Assert.Contains(tx.GetHash(), chain.GetMempoolTxids());
        Assert.Equal(0, chain.GetTxOut(new OutPoint(tx.GetHash(), 0))!.Confirmations);
        Assert.Null(chain.GetTxOut(coin));

        var mined = chain.Generate(1, _wallet.MinerScript)[0];

        Assert.Empty(chain.GetMempoolTxids());
        var found = chain.GetTransaction(tx.GetHash())!;
        Assert.Equal(mined, found.BlockHash);
        Assert.Equal(1, found.Confirmations);
        Assert.Equal(Money.Coins(50m) + Money.Satoshis(1_000), chain.GetBlock(mined)!.Block.Transactions[0].Outputs[0].Value);
        Assert.Equal(Money.Coins(50m) - Money.Satoshis(1_000), chain.GetTxOut(new OutPoint(tx.GetHash(), 0))!.Output.Value);
    }

    [Fact]
    public void Two_of_three_P2wsh_escrow_is_funded_and_spent_with_two_signatures()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        Key[] keys = [new(), new(), new()];
        var witnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, true, keys.Select(k => k.PubKey).ToArray());
        var escrow = PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(witnessScript);
        var funding = _wallet.SpendCoinbase(coin, escrow, Money.Satoshis(2_000));
        chain.AcceptToMempool(funding);
        chain.Generate(1, _wallet.MinerScript);
        var escrowValue = funding.Outputs[0].Value;

        var payout = TestWallet.Build(new OutPoint(funding.GetHash(), 0), [new TxOut(escrowValue - Money.Satoshis(3_000), TestWallet.P2wpkh(keys[0]))]);
        var ordered = keys.OrderBy(k => k.PubKey.ToHex(), StringComparer.Ordinal).ToArray();
        var sig1 = TestWallet.Sign(payout, 0, witnessScript, escrowValue, ordered[0]);
        var sig2 = TestWallet.Sign(payout, 0, witnessScript, escrowValue, ordered[2]);

        payout.Inputs[0].WitScript = new WitScript([], sig2, sig1, witnessScript.ToBytes());
        var wrongOrder = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(payout));
        payout.Inputs[0].WitScript = new WitScript([], sig1, sig2, witnessScript.ToBytes());
        chain.AcceptToMempool(payout);

        Assert.StartsWith("mandatory-script-verify-flag-failed (", wrongOrder.Reason);
        Assert.Contains(payout.GetHash(), chain.GetMempoolTxids());
    }

    [Fact]
    public void Invalid_signatures_are_rejected_with_Core_reasons()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var foreignKey = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), new Key(), TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        var wrongAmount = TestWallet.SpendP2wpkh(coin, Money.Coins(49m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        wrongAmount.Outputs[0] = new TxOut(Money.Coins(50m) - Money.Satoshis(1_000), wrongAmount.Outputs[0].ScriptPubKey);

        var byForeignKey = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(foreignKey));
        var overWrongAmount = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(wrongAmount));

        Assert.Equal("mandatory-script-verify-flag-failed (Script failed an OP_EQUALVERIFY operation)", byForeignKey.Reason);
        Assert.Equal("mandatory-script-verify-flag-failed (Script evaluated without error but finished with a false/empty top stack element)", overWrongAmount.Reason);
        Assert.Empty(chain.GetMempoolTxids());
    }

    [Fact]
    public void Missing_inputs_immature_coinbase_low_fee_and_dust_are_rejected()
    {
        using var chain = RegtestChain.CreateInMemory();
        chain.Generate(100, _wallet.MinerScript);
        var immature = new OutPoint(chain.GetBlock(100)!.Block.Transactions[0].GetHash(), 0);
        var mature = new OutPoint(chain.GetBlock(1)!.Block.Transactions[0].GetHash(), 0);
        var to = TestWallet.P2wpkh(new Key());

        var missing = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(_wallet.SpendCoinbase(new OutPoint(UInt256.One, 0), to, Money.Satoshis(1_000))));
        var premature = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(_wallet.SpendCoinbase(immature, to, Money.Satoshis(1_000))));
        var lowFee = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(_wallet.SpendCoinbase(mature, to, Money.Satoshis(50))));
        var dustTx = TestWallet.Build(mature, [new TxOut(Money.Satoshis(293), to), new TxOut(Money.Coins(49m), to)]);
        TestWallet.SignP2wpkh(dustTx, 0, Money.Coins(50m), _wallet.MinerKey);
        var dust = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(dustTx));

        Assert.Equal("bad-txns-inputs-missingorspent", missing.Reason);
        Assert.Equal(ValidationException.RpcVerifyError, missing.RpcCode);
        Assert.Equal("bad-txns-premature-spend-of-coinbase", premature.Reason);
        Assert.Equal("min relay fee not met", lowFee.Reason);
        Assert.Equal("50 < 110", lowFee.Debug);
        Assert.Equal("dust", dust.Reason);
        Assert.Empty(chain.GetMempoolTxids());
    }

    [Fact]
    public void Double_spends_are_refused_in_the_mempool_and_across_blocks()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var first = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000), sequence: TxIn.SequenceFinal);
        var second = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(5_000), sequence: TxIn.SequenceFinal);
        chain.AcceptToMempool(first);

        var inMempool = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(second));
        chain.Generate(1, _wallet.MinerScript);
        var afterBlock = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(second));
        var again = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(first));

        Assert.Equal("txn-mempool-conflict", inMempool.Reason);
        Assert.Equal("bad-txns-inputs-missingorspent", afterBlock.Reason);
        Assert.Equal("txn-already-known", again.Reason);
        Assert.Equal(ValidationException.RpcVerifyAlreadyInChain, again.RpcCode);
    }

    [Fact]
    public void Replace_by_fee_needs_a_signal_and_a_higher_fee()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var to = TestWallet.P2wpkh(new Key());
        var original = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, to, Money.Satoshis(1_000));
        var cheaper = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_050));
        var better = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), _wallet.MinerKey, TestWallet.P2wpkh(new Key()), Money.Satoshis(2_000));
        chain.AcceptToMempool(original);

        var refused = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(cheaper));
        chain.AcceptToMempool(better);

        Assert.Equal("insufficient fee", refused.Reason);
        Assert.Equal([better.GetHash()], chain.GetMempoolTxids());
    }

    [Fact]
    public void Csv_and_cltv_spends_wait_until_final_then_confirm()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var key = new Key();
        var checkSig = PayToPubkeyTemplate.Instance.GenerateScriptPubKey(key.PubKey);
        var csvScript = LockTimeScripts.CheckSequenceVerify(5, checkSig);
        var cltvHeight = chain.Height + 10;
        var cltvScript = LockTimeScripts.CheckLockTimeVerify(cltvHeight, checkSig);
        var funding = TestWallet.Build(coin, [
            new TxOut(Money.Coins(20m), PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(csvScript)),
            new TxOut(Money.Coins(29m), PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(cltvScript))]);
        TestWallet.SignP2wpkh(funding, 0, Money.Coins(50m), _wallet.MinerKey);
        chain.AcceptToMempool(funding);
        chain.Generate(1, _wallet.MinerScript);

        var csvSpend = TestWallet.Build(new OutPoint(funding.GetHash(), 0), [new TxOut(Money.Coins(19.9m), TestWallet.P2wpkh(key))], sequence: 5);
        csvSpend.Inputs[0].WitScript = new WitScript(TestWallet.Sign(csvSpend, 0, csvScript, Money.Coins(20m), key), csvScript.ToBytes());
        var cltvSpend = TestWallet.Build(new OutPoint(funding.GetHash(), 1), [new TxOut(Money.Coins(28.9m), TestWallet.P2wpkh(key))], sequence: TxIn.SequenceFinal - 1, lockTime: (uint)cltvHeight);
        cltvSpend.Inputs[0].WitScript = new WitScript(TestWallet.Sign(cltvSpend, 0, cltvScript, Money.Coins(29m), key), cltvScript.ToBytes());

        var csvEarly = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(csvSpend));
        var cltvEarly = Assert.Throws<ValidationException>(() => chain.AcceptToMempool(cltvSpend));
        chain.Generate(4, _wallet.MinerScript);
        chain.AcceptToMempool(csvSpend);
        chain.Generate(5, _wallet.MinerScript);
        chain.AcceptToMempool(cltvSpend);
        chain.Generate(1, _wallet.MinerScript);

        Assert.Equal("non-BIP68-final", csvEarly.Reason);
        Assert.Equal("non-final", cltvEarly.Reason);
        Assert.Equal(1, chain.GetTransaction(csvSpend.GetHash())!.Confirmations - 5);
        Assert.Equal(1, chain.GetTransaction(cltvSpend.GetHash())!.Confirmations);
    }

    [Fact]
    public void Invalidateblock_returns_transactions_to_the_mempool_and_reconsiderblock_restores_the_chain()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        chain.AcceptToMempool(tx);
        var mined = chain.Generate(2, _wallet.MinerScript);
        var heightBefore = chain.Height;

        chain.InvalidateBlock(mined[0]);

        Assert.Equal(heightBefore - 2, chain.Height);
        Assert.Equal([tx.GetHash()], chain.GetMempoolTxids());
        Assert.NotNull(chain.GetTxOut(coin, includeMempool: false));
        Assert.Equal(-1, chain.GetHeader(mined[1])!.Confirmations);

        chain.ReconsiderBlock(mined[0]);

        Assert.Equal(heightBefore, chain.Height);
        Assert.Equal(mined[1], chain.Tip.Hash);
        Assert.Empty(chain.GetMempoolTxids());
        Assert.Null(chain.GetTxOut(coin, includeMempool: false));
        Assert.Equal(2, chain.GetTransaction(tx.GetHash())!.Confirmations);
    }

    [Fact]
    public void A_longer_competing_chain_wins_and_the_utxo_set_follows()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var tx = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        var forkPoint = chain.Tip.Hash;
        chain.AcceptToMempool(tx);
        var original = chain.Generate(1, _wallet.MinerScript)[0];

        chain.InvalidateBlock(original);
        var competing = chain.Generate(2, _wallet.MinerScript);
        chain.ReconsiderBlock(original);

        Assert.Equal(competing[^1], chain.Tip.Hash);
        Assert.Equal(-1, chain.GetHeader(original)!.Confirmations);
        Assert.Equal(forkPoint, chain.GetHeader(competing[0])!.Header.HashPrevBlock);
        Assert.Equal(2, chain.GetTransaction(tx.GetHash())!.Confirmations);
    }

    [Fact]
    public void Submitted_blocks_are_checked_with_Core_reasons()
    {
        using var chain = RegtestChain.CreateInMemory();
        chain.Generate(1, _wallet.MinerScript);
        var good = chain.GetBlock(1)!.Block;

        Assert.Equal("duplicate", chain.SubmitBlock(good));

        var orphan = Block.FromBytes(good.ToBytes());
        orphan.Header.HashPrevBlock = UInt256.One;
        Assert.Equal("prev-blk-not-found", chain.SubmitBlock(orphan));

        var greedy = Block.FromBytes(good.ToBytes());
        greedy.Header.HashPrevBlock = chain.Tip.Hash;
        greedy.Transactions[0].Inputs[0].ScriptSig = new Script(Op.GetPushOp(2), Op.FromCode(OpcodeType.OP_0));
        greedy.Transactions[0].Outputs[0] = new TxOut(Money.Coins(51m), _wallet.MinerScript);
        greedy.Transactions[0].Outputs[1] = new TxOut(Money.Zero, Block.CreateWitnessCommitmentScript(greedy.GetWitnessMerkleRoot(), new byte[32]));
        greedy.Header.Time = good.Header.Time + 1;
        greedy.UpdateMerkleRoot();
        while (!greedy.Header.CheckProofOfWork())
        {
            greedy.Header.Nonce++;
        }

        Assert.StartsWith("bad-cb-amount", chain.SubmitBlock(greedy));
        Assert.Equal(1, chain.Height);
    }

    [Fact]
    public void Generateblock_with_an_invalid_transaction_changes_nothing()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var bad = TestWallet.SpendP2wpkh(coin, Money.Coins(50m), new Key(), TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        var good = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(new Key()), Money.Satoshis(1_000));
        var height = chain.Height;

        var ex = Assert.Throws<ValidationException>(() => chain.GenerateBlock(_wallet.MinerScript, [bad]));
        Assert.Equal(height, chain.Height);
        var hash = chain.GenerateBlock(_wallet.MinerScript, [good]);

        Assert.StartsWith("TestBlockValidity failed: mandatory-script-verify-flag-failed", ex.Reason);
        Assert.Equal(hash, chain.Tip.Hash);
        Assert.Equal(2, chain.GetBlock(hash)!.Block.Transactions.Count);
    }

    [Fact]
    public void Block_assembly_prefers_higher_fee_rates_and_lets_children_pay_for_parents()
    {
        using var chain = RegtestChain.CreateInMemory();
        var coin = _wallet.MatureCoinbase(chain);
        var key = new Key();
        var parent = _wallet.SpendCoinbase(coin, TestWallet.P2wpkh(key), Money.Satoshis(200));
        var child = TestWallet.SpendP2wpkh(new OutPoint(parent.GetHash(), 0), parent.Outputs[0].Value, key, TestWallet.P2wpkh(new Key()), Money.Satoshis(20_000));
        chain.AcceptToMempool(parent);
        chain.AcceptToMempool(child);

        var entry = chain.GetMempoolEntry(child.GetHash())!;
        var block = chain.GetBlock(chain.Generate(1, _wallet.MinerScript)[0])!.Block;

        Assert.Equal(2, entry.AncestorCount);
        Assert.Equal([parent.GetHash()], entry.Depends);
        Assert.Equal([parent.GetHash(), child.GetHash()], block.Transactions.Skip(1).Select(t => t.GetHash()));
    }
}
