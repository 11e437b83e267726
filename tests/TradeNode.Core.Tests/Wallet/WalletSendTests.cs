using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
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

    private static long Total(WalletBalance balance) => balance.Confirmed + balance.Unconfirmed + balance.Immature;
}
