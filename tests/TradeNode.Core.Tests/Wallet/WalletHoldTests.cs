using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Tests.Wallet;

/// <summary>
/// Amount holds (offers) next to coin reservations (trades), on a real wallet with one 50 BTC coin, a real regtest
/// chain and LiteDB files in a temporary folder.
/// </summary>
public sealed class WalletHoldTests : IDisposable
{
    private const long Coin = Money.CoinSatoshis;

    private readonly WalletTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task One_coin_backs_three_holds_and_a_fourth_beyond_the_funds_is_refused_with_the_numbers()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        Assert.Single(wallet.ListUnspent());

        wallet.Hold("offer/1", 15 * Coin);
        wallet.Hold("offer/2", 15 * Coin);
        wallet.Hold("offer/3", 15 * Coin);
        wallet.Hold("offer/3", 15 * Coin);
        var error = Assert.Throws<PreconditionFailedException>(() => wallet.Hold("offer/4", (5 * Coin) + 1));

        Assert.Contains($"{(5 * Coin) + 1} satoshis are needed", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{45 * Coin} are held by open offers, leaving {5 * Coin}", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, wallet.GetHeld("offer/4"));
        var balance = wallet.GetBalance();
        Assert.Equal(45 * Coin, balance.Held);
        Assert.Equal(0, balance.Reserved);
        Assert.Equal(5 * Coin, balance.Available);
        Assert.Empty(wallet.GetReservedCoins("offer/1"));
        wallet.Hold("offer/4", 5 * Coin);
        Assert.Equal(0, wallet.GetBalance().Available);
    }

    [Fact]
    public async Task A_send_into_held_funds_is_refused_and_a_send_beside_them_works()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 40 * Coin);
        var rate = FeeRate.FromSatoshisPerVByte(2);
        var stranger = new Key().PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.RegTest);

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() => wallet.SendAsync(stranger, 10 * Coin, rate));
        var sent = await wallet.SendAsync(stranger, 9 * Coin, rate);

        Assert.Contains($"only {10 * Coin} are not promised ({40 * Coin} are held by open offers", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cancel an offer", error.Message, StringComparison.Ordinal);
        // The refused send changed nothing; the one beside the hold left exactly the held amount and its change's rest.
        Assert.Equal(9 * Coin, sent.AmountSats);
        var balance = wallet.GetBalance();
        Assert.Equal(40 * Coin, balance.Held);
        Assert.Equal(Coin - sent.FeeSats, balance.Available);
        Assert.Equal(40 * Coin, wallet.GetHeld("offer/1"));
    }

    [Fact]
    public async Task Signing_a_psbt_that_spends_into_held_funds_is_refused()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 40 * Coin);
        var coin = Assert.Single(wallet.ListUnspent());
        var tx = new Transaction { Version = 2 };
        tx.Inputs.Add(new TxIn(coin.Outpoint));
        tx.Outputs.Add(new TxOut(Money.Satoshis(20 * Coin), new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit)));
        tx.Outputs.Add(new TxOut(Money.Satoshis((30 * Coin) - 1_000), wallet.NewAddress().ScriptPubKey));
        var psbt = PSBT.FromTransaction(tx, Network.RegTest).AddCoins(coin.ToCoin());

        var error = Assert.Throws<PreconditionFailedException>(() => wallet.SignOwnInputs(psbt));

        Assert.Contains($"it takes {(20 * Coin) + 1_000} satoshis with the fee", error.Message, StringComparison.Ordinal);
        wallet.Release("offer/1");
        Assert.True(wallet.SignOwnInputs(psbt).TryFinalize(out _));
    }

    [Fact]
    public async Task Holds_survive_a_restart_and_releasing_one_frees_its_amount()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 10 * Coin);
        wallet.Hold("offer/2", 20 * Coin);
        wallet.Reserve("trade/1", Coin);
        _context.CloseAll();

        var reopened = _context.OpenWallet("a");
        var afterRestart = reopened.GetBalance();
        var released = reopened.Release("offer/2");
        var afterRelease = reopened.GetBalance();

        Assert.Equal(10 * Coin, reopened.GetHeld("offer/1"));
        Assert.Equal(["offer/1"], reopened.HoldIds());
        Assert.Equal(30 * Coin, afterRestart.Held);
        Assert.Equal(50 * Coin, afterRestart.Reserved);
        Assert.Single(reopened.GetReservedCoins("trade/1"));
        Assert.True(released);
        Assert.Equal(0, reopened.GetHeld("offer/2"));
        Assert.Equal(10 * Coin, afterRelease.Held);
        Assert.Throws<PreconditionFailedException>(() => reopened.Hold("offer/3", (39 * Coin) + 1));
        reopened.Hold("offer/3", 39 * Coin);
    }

    [Fact]
    public async Task A_hold_becomes_a_coin_reservation_in_one_step_and_a_rerun_changes_nothing()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 10 * Coin);
        wallet.Hold("offer/2", 10 * Coin);

        wallet.ReserveFromHold("offer/1", "trade/1", (10 * Coin) + 50_000);
        wallet.ReserveFromHold("offer/1", "trade/1", (10 * Coin) + 50_000);
        _context.CloseAll();
        var reopened = _context.OpenWallet("a");

        Assert.Equal(0, reopened.GetHeld("offer/1"));
        Assert.Equal(10 * Coin, reopened.GetHeld("offer/2"));
        Assert.Equal(50 * Coin, Assert.Single(reopened.GetReservedCoins("trade/1")).AmountSats);
        Assert.Equal(10 * Coin, reopened.GetBalance().Held);
    }

    [Fact]
    public async Task A_second_take_while_the_only_coin_is_reserved_is_refused_and_keeps_its_hold_until_undone()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 10 * Coin);
        wallet.Hold("offer/2", 10 * Coin);
        wallet.ReserveFromHold("offer/1", "trade/1", 10 * Coin);

        var error = Assert.Throws<PreconditionFailedException>(() => wallet.ReserveFromHold("offer/2", "trade/2", 10 * Coin));
        Assert.Contains("0 satoshis are free to spend now", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{50 * Coin} are in coins reserved by other trades", error.Message, StringComparison.Ordinal);
        Assert.Equal(10 * Coin, wallet.GetHeld("offer/2"));
        Assert.Empty(wallet.GetReservedCoins("trade/2"));

        // The first trade could not start: its coins go back and the offer holds again, in one step.
        wallet.ReturnToHold("trade/1", "offer/1", 10 * Coin);
        Assert.Empty(wallet.GetReservedCoins("trade/1"));
        Assert.Equal(10 * Coin, wallet.GetHeld("offer/1"));
        wallet.ReserveFromHold("offer/2", "trade/2", 10 * Coin);
        Assert.Single(wallet.GetReservedCoins("trade/2"));
    }

    [Fact]
    public async Task A_coin_reservation_for_a_take_cannot_dip_into_held_funds()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.Hold("offer/1", 45 * Coin);

        var error = Assert.Throws<PreconditionFailedException>(() => wallet.Reserve("trade/1", (5 * Coin) + 1));
        wallet.Reserve("trade/1", 5 * Coin);

        Assert.Contains($"{45 * Coin} are held by open offers", error.Message, StringComparison.Ordinal);
        Assert.Equal(45 * Coin, wallet.GetBalance().Held);
        Assert.Equal(0, wallet.GetBalance().Available);
    }
}
