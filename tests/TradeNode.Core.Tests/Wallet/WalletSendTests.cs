using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Core.Errors;
using TradeNode.Core.Wallet;

namespace TradeNode.Core.Tests.Wallet;

public sealed class WalletSendTests : IDisposable
{
    private const long Coin = Money.CoinSatoshis;

    private readonly WalletTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Send_and_mine_moves_balances_exactly_to_the_satoshi()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");
        var before = Total(sender.GetBalance());
        var rate = FeeRate.FromSatoshisPerVByte(5);

        var sent = await sender.SendAsync(receiver.NewAddress(), 7_654_321, rate);
        _context.MineToStranger();
        await sender.SyncAsync();
        await receiver.SyncAsync();

        var onChain = (await _context.Client.GetTransactionAsync(sent.Txid))!;
        Assert.NotNull(onChain.BlockHash);
        var inputSum = 50 * Coin;
        Assert.Equal(inputSum - onChain.Transaction.TotalOut.Satoshi, sent.FeeSats);
        Assert.True(sent.FeeSats >= rate.GetFee(onChain.Transaction.GetVirtualSize()).Satoshi);
        Assert.True(sent.FeeSats <= rate.GetFee(onChain.Transaction.GetVirtualSize() + 2).Satoshi);
        Assert.Equal(before - 7_654_321 - sent.FeeSats, Total(sender.GetBalance()));
        Assert.Equal(7_654_321, receiver.GetBalance().Confirmed);
        var outgoing = sender.ListTransactions().Single(t => t.Txid == sent.Txid);
        Assert.Equal(-(7_654_321 + sent.FeeSats), outgoing.NetSats);
        Assert.Equal(sent.FeeSats, outgoing.FeeSats);
        Assert.Equal(TransactionDirection.Outgoing, outgoing.Direction);
    }

    [Fact]
    public async Task Send_uses_the_chain_fee_estimate_when_no_rate_is_given()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var estimate = await _context.Client.EstimateFeeRateAsync(6);

        var sent = await sender.SendAsync(sender.NewAddress(), 1_000_000);

        Assert.Equal(estimate, sent.FeeRate);
        Assert.Equal(TransactionDirection.SelfTransfer, sender.ListTransactions().Single(t => t.Txid == sent.Txid).Direction);
    }

    [Fact]
    public async Task Send_with_fee_subtracted_pays_the_recipient_the_amount_minus_the_fee()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");

        var sent = await sender.SendAsync(receiver.NewAddress(), 5_000_000, FeeRate.FromSatoshisPerVByte(3), subtractFeeFromAmount: true);
        await receiver.SyncAsync();

        Assert.Equal(5_000_000 - sent.FeeSats, sent.AmountSats);
        Assert.Equal(5_000_000 - sent.FeeSats, receiver.GetBalance().Unconfirmed);
        Assert.Equal((50 * Coin) - 5_000_000, sent.ChangeSats);
    }

    [Fact]
    public async Task Change_that_would_be_dust_goes_to_the_fee()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");
        var rate = FeeRate.FromSatoshisPerVByte(2);

        // One 50 BTC coin: what is left after the amount and a one-output fee is 200 sats, far below a change output's worth.
        var oneOutputFee = rate.GetFee(11 + 31 + 68).Satoshi;
        var amount = (50 * Coin) - oneOutputFee - 200;
        var sent = await sender.SendAsync(receiver.NewAddress(), amount, rate);

        Assert.Null(sent.ChangeSats);
        Assert.Single(sent.Transaction.Outputs);
        Assert.Equal((50 * Coin) - amount, sent.FeeSats);
        Assert.Equal(0, sender.GetBalance().Available);
    }

    [Fact]
    public async Task Send_more_than_available_fails_and_changes_nothing()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var before = sender.GetBalance();

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => sender.SendAsync(sender.NewAddress(), 50 * Coin, FeeRate.FromSatoshisPerVByte(1)));

        Assert.Contains("5000000000 satoshis are available", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, sender.GetBalance());
        Assert.Empty(await _context.Client.GetMempoolTxidsAsync());
    }

    [Fact]
    public async Task Reserved_coins_are_never_spent_by_a_send()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        sender.Reserve("offer-1", 10 * Coin);
        sender.Reserve("offer-1", 10 * Coin);
        var reserved = Assert.Single(sender.GetReservedCoins("offer-1"));
        Assert.Equal(50 * Coin, sender.GetBalance().Reserved);
        Assert.Equal(0, sender.GetBalance().Available);

        // Only the reserved coin could pay: the send fails and says why.
        var error = await Assert.ThrowsAsync<PreconditionFailedException>(
            () => sender.SendAsync(sender.NewAddress(), 1_000_000, FeeRate.FromSatoshisPerVByte(1)));
        Assert.Contains("reserved", error.Message, StringComparison.Ordinal);

        // Another coin matures: the send uses it and leaves the reserved one alone.
        _context.MineToStranger();
        await sender.SyncAsync();
        var sent = await sender.SendAsync(sender.NewAddress(), 1_000_000, FeeRate.FromSatoshisPerVByte(1));
        Assert.DoesNotContain(sent.Transaction.Inputs, i => i.PrevOut.Equals(reserved.Outpoint));
        Assert.Equal(reserved, Assert.Single(sender.GetReservedCoins("offer-1")));

        Assert.True(sender.Release("offer-1"));
        Assert.False(sender.Release("offer-1"));
        Assert.Empty(sender.GetReservedCoins("offer-1"));
        Assert.Equal(0, sender.GetBalance().Reserved);
    }

    [Fact]
    public async Task Reserve_more_than_spendable_fails()
    {
        var sender = await _context.CreateFundedWalletAsync("a");

        Assert.Throws<PreconditionFailedException>(() => sender.Reserve("offer-1", (50 * Coin) + 1));
        Assert.Throws<InvalidInputException>(() => sender.Reserve("offer-1", 0));
        Assert.Equal(0, sender.GetBalance().Reserved);
    }

    [Fact]
    public async Task Send_rejects_bad_input_before_anything_else()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var mainnet = new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.Main);

        Assert.Equal("address", (await Assert.ThrowsAsync<InvalidInputException>(() => sender.SendAsync(mainnet, 100_000))).Field);
        Assert.Equal("amount_sats", (await Assert.ThrowsAsync<InvalidInputException>(() => sender.SendAsync(sender.NewAddress(), 0))).Field);
        Assert.Equal("amount_sats", (await Assert.ThrowsAsync<InvalidInputException>(() => sender.SendAsync(sender.NewAddress(), 293))).Field);
        Assert.Equal("fee_rate", (await Assert.ThrowsAsync<InvalidInputException>(
            () => sender.SendAsync(sender.NewAddress(), 100_000, new FeeRate(500)))).Field);

        sender.Lock();
        var locked = await Assert.ThrowsAsync<PreconditionFailedException>(() => sender.SendAsync(sender.NewAddress(), 100_000));
        Assert.Contains("locked", locked.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOwnInputs_signs_a_psbt_spending_a_wallet_coin()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        var coin = Assert.Single(wallet.ListUnspent());
        var tx = new Transaction();
        tx.Inputs.Add(new TxIn(coin.Outpoint));
        tx.Outputs.Add(new TxOut(Money.Satoshis(coin.AmountSats - 1_000), new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit)));
        var psbt = PSBT.FromTransaction(tx, Network.RegTest).AddCoins(coin.ToCoin());

        var signed = wallet.SignOwnInputs(psbt);

        Assert.Empty(psbt.Inputs[0].PartialSigs);
        var final = signed.Finalize().ExtractTransaction();
        var accept = Assert.Single(await _context.Client.TestMempoolAcceptAsync([final]));
        Assert.True(accept.Allowed, accept.RejectReason);
    }

    [Fact]
    public async Task Own_unconfirmed_change_can_be_spent_before_it_confirms()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");
        var before = Total(sender.GetBalance());
        var rate = FeeRate.FromSatoshisPerVByte(2);

        var first = await sender.SendAsync(receiver.NewAddress(), 1 * Coin, rate);
        var second = await sender.SendAsync(receiver.NewAddress(), 2 * Coin, rate);

        Assert.Contains(second.Transaction.Inputs, i => i.PrevOut.Hash == first.Txid);
        _context.MineToStranger();
        await sender.SyncAsync();
        await receiver.SyncAsync();
        Assert.Equal(before - (3 * Coin) - first.FeeSats - second.FeeSats, Total(sender.GetBalance()));
        Assert.Equal(0, sender.GetBalance().Unconfirmed);
        Assert.Equal(3 * Coin, receiver.GetBalance().Confirmed);
    }

    [Fact]
    public async Task Replaced_send_is_forgotten_and_the_replacement_recorded()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");
        var before = Total(sender.GetBalance());
        var coin = Assert.Single(sender.ListUnspent());
        var first = await sender.SendAsync(receiver.NewAddress(), 1 * Coin, FeeRate.FromSatoshisPerVByte(2));
        await receiver.SyncAsync();
        Assert.Equal(1 * Coin, receiver.GetBalance().Unconfirmed);

        // A conflicting spend of the same coin with a much higher fee replaces the first one (BIP125: it signalled).
        var replacement = new Transaction();
        replacement.Inputs.Add(new TxIn(coin.Outpoint, sequence: 0xfffffffd));
        replacement.Outputs.Add(new TxOut(Money.Satoshis(coin.AmountSats - 100_000), new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit)));
        var signed = sender.SignOwnInputs(PSBT.FromTransaction(replacement, Network.RegTest).AddCoins(coin.ToCoin())).Finalize().ExtractTransaction();
        Assert.True((await _context.Client.BroadcastAsync(signed)).Accepted);

        await sender.SyncAsync();
        await receiver.SyncAsync();

        Assert.DoesNotContain(sender.ListTransactions(), t => t.Txid == first.Txid);
        var recorded = sender.ListTransactions().Single(t => t.Txid == signed.GetHash());
        Assert.Equal(-coin.AmountSats, recorded.NetSats);
        Assert.Equal(100_000, recorded.FeeSats);
        Assert.Equal(before - coin.AmountSats, Total(sender.GetBalance()));
        Assert.Equal(new WalletBalance(0, 0, 0, 0, 0), receiver.GetBalance());
        Assert.Empty(receiver.ListTransactions());
    }

    [Fact]
    public async Task SignOwnInputs_signs_a_2_of_3_escrow_input_by_its_escrow_key_origin()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        var escrowKey = wallet.EscrowAccountKey.Derive(0).PubKey;
        var (seller, arbitrator) = (new Key(), new Key());
        var witnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(2, true, escrowKey, seller.PubKey, arbitrator.PubKey);
        var escrowAddress = witnessScript.GetWitScriptAddress(Network.RegTest);
        var deposit = await wallet.SendAsync(escrowAddress, 1_000_000, FeeRate.FromSatoshisPerVByte(2));
        var n = deposit.Transaction.Outputs.FindIndex(o => o.ScriptPubKey == escrowAddress.ScriptPubKey);

        var payout = new Transaction();
        payout.Inputs.Add(new TxIn(new OutPoint(deposit.Txid, (uint)n)));
        payout.Outputs.Add(new TxOut(Money.Satoshis(1_000_000 - 2_000), new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit)));
        var psbt = PSBT.FromTransaction(payout, Network.RegTest)
            .AddCoins(new Coin(deposit.Transaction, (uint)n))
            .AddScripts(witnessScript)
            .AddKeyPath(escrowKey, new RootedKeyPath(wallet.MasterFingerprint, KeyPath.Parse("m/84'/1'/1000'/0")));

        var signed = wallet.SignOwnInputs(psbt);

        Assert.True(signed.Inputs[0].PartialSigs.ContainsKey(escrowKey));
        var final = signed.SignWithKeys(seller).Finalize().ExtractTransaction();
        var accept = Assert.Single(await _context.Client.TestMempoolAcceptAsync([final]));
        Assert.True(accept.Allowed, accept.RejectReason);
    }

    private static long Total(WalletBalance balance) => balance.Confirmed + balance.Unconfirmed + balance.Immature;
}
