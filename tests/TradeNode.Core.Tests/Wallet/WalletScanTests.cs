using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Wallet;

namespace TradeNode.Core.Tests.Wallet;

public sealed class WalletScanTests : IDisposable
{
    private const long Coin = Money.CoinSatoshis;

    private readonly WalletTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Fund_mines_101_blocks_and_one_coinbase_is_spendable()
    {
        var (wallet, _) = await _context.CreateWalletAsync("a");

        var result = await wallet.FundAsync();

        Assert.Equal(101, result.BlockHashes.Count);
        Assert.Equal(50 * Coin, result.Balance.Confirmed);
        Assert.Equal(100 * 50 * Coin, result.Balance.Immature);
        Assert.Equal(50 * Coin, result.Balance.Available);
        Assert.Equal(0, result.Balance.Unconfirmed);
        Assert.Equal(101, wallet.ListTransactions().Count);
        Assert.All(wallet.ListTransactions(), t => Assert.True(t.IsCoinBase && t.Direction == TransactionDirection.Incoming));
    }

    [Fact]
    public async Task Restored_wallet_finds_the_coins_of_the_original()
    {
        var (original, mnemonic) = await _context.CreateWalletAsync("a");
        await original.FundAsync();
        var stranger = await _context.CreateFundedWalletAsync("s");
        await stranger.SendAsync(original.NewAddress(), 12_345_678, FeeRate.FromSatoshisPerVByte(3));
        _context.MineToStranger();
        await original.SyncAsync();

        var restored = _context.OpenWallet("b");
        await restored.RestoreAsync(mnemonic, null, WalletTestContext.Password, 0);

        Assert.Equal(original.GetBalance(), restored.GetBalance());
        // The stranger's 101 blocks matured all of the original's 101 coinbases.
        Assert.Equal((101 * 50 * Coin) + 12_345_678, restored.GetBalance().Confirmed);
        Assert.Equal(original.ListTransactions().Select(t => t.Txid).Order(), restored.ListTransactions().Select(t => t.Txid).Order());
        Assert.Equal(original.NewAddress(), restored.NewAddress());
    }

    [Fact]
    public async Task Mempool_payments_show_as_unconfirmed_until_mined()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");

        var sent = await sender.SendAsync(receiver.NewAddress(), 2_000_000, FeeRate.FromSatoshisPerVByte(2));
        await receiver.SyncAsync();

        var pending = receiver.GetBalance();
        Assert.Equal(new WalletBalance(0, 2_000_000, 0, 0, 0), pending);
        var incoming = Assert.Single(receiver.ListTransactions());
        Assert.Equal(sent.Txid, incoming.Txid);
        Assert.Null(incoming.BlockHeight);
        Assert.Equal(0, incoming.Confirmations);

        // The sender's own change is spendable at once.
        var senderBalance = sender.GetBalance();
        Assert.Equal(sent.ChangeSats, senderBalance.Unconfirmed);
        Assert.Equal(sent.ChangeSats, senderBalance.Available);

        var block = _context.MineToStranger()[0];
        await receiver.SyncAsync();
        var confirmed = Assert.Single(receiver.ListTransactions());
        Assert.Equal(block, confirmed.BlockHash);
        Assert.Equal(1, confirmed.Confirmations);
        Assert.Equal(new WalletBalance(2_000_000, 0, 0, 0, 2_000_000), receiver.GetBalance());
    }

    [Fact]
    public async Task Reorg_that_removes_our_payment_drops_the_balance_and_reconsider_brings_it_back()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, _) = await _context.CreateWalletAsync("b");
        await sender.SendAsync(receiver.NewAddress(), 3_000_000, FeeRate.FromSatoshisPerVByte(2));
        var block = _context.MineToStranger()[0];
        await receiver.SyncAsync();
        Assert.Equal(3_000_000, receiver.GetBalance().Confirmed);

        await _context.Client.InvalidateBlockAsync(block);
        await receiver.SyncAsync();

        // The transaction went back to the mempool: no longer confirmed, still seen as incoming.
        Assert.Equal(0, receiver.GetBalance().Confirmed);
        Assert.Equal(3_000_000, receiver.GetBalance().Unconfirmed);
        Assert.Null(Assert.Single(receiver.ListTransactions()).BlockHeight);

        await _context.Client.ReconsiderBlockAsync(block);
        await receiver.SyncAsync();

        Assert.Equal(new WalletBalance(3_000_000, 0, 0, 0, 3_000_000), receiver.GetBalance());
        Assert.Equal(block, Assert.Single(receiver.ListTransactions()).BlockHash);
    }

    [Fact]
    public async Task Reorg_that_removes_our_coinbase_forgets_it()
    {
        var (wallet, _) = await _context.CreateWalletAsync("a");
        var funded = await wallet.FundAsync(3);
        Assert.Equal(3 * 50 * Coin, wallet.GetBalance().Immature);

        await _context.Client.InvalidateBlockAsync(funded.BlockHashes[^1]);
        await wallet.SyncAsync();

        Assert.Equal(2 * 50 * Coin, wallet.GetBalance().Immature);
        Assert.Equal(2, wallet.ListTransactions().Count);
        Assert.Equal(2 + wallet.BirthdayHeight, wallet.ScannedHeight);

        await _context.Client.ReconsiderBlockAsync(funded.BlockHashes[^1]);
        await wallet.SyncAsync();
        Assert.Equal(3 * 50 * Coin, wallet.GetBalance().Immature);
    }

    [Fact]
    public async Task Scanning_extends_the_gap_limit_so_addresses_beyond_the_first_batch_are_found()
    {
        var sender = await _context.CreateFundedWalletAsync("a");
        var (receiver, mnemonic) = await _context.CreateWalletAsync("b");
        var indexes = new[] { 0, 1, 2, 3, 4, 5, 25, 45 };
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(receiver.GetReceiveAddress(i), receiver.NewAddress());
        }

        foreach (var index in indexes)
        {
            await sender.SendAsync(receiver.GetReceiveAddress(index), 100_000 + index, FeeRate.FromSatoshisPerVByte(1));
            _context.MineToStranger();
            await sender.SyncAsync();
            await receiver.SyncAsync();
        }

        var expected = indexes.Sum(i => 100_000L + i);
        Assert.Equal(expected, receiver.GetBalance().Confirmed);
        Assert.Equal(receiver.GetReceiveAddress(46), receiver.NewAddress());

        // A fresh restore watches only 0..19 at first; 25 and then 45 are found because each use widens the window.
        var restored = _context.OpenWallet("c");
        await restored.RestoreAsync(mnemonic, null, WalletTestContext.Password, receiver.BirthdayHeight);
        Assert.Equal(expected, restored.GetBalance().Confirmed);
        Assert.Equal(indexes.Length, restored.ListTransactions().Count);
    }

    [Fact]
    public async Task Reopened_database_keeps_balance_addresses_and_scan_height_without_rescanning()
    {
        var wallet = await _context.CreateFundedWalletAsync("a");
        wallet.NewAddress();
        var next = wallet.GetReceiveAddress(2);
        var balance = wallet.GetBalance();
        var transactions = wallet.ListTransactions();
        var scanned = wallet.ScannedHeight;
        wallet.Reserve("offer-1", 1_000_000);
        _context.CloseAll();

        var reopened = _context.OpenWallet("a");

        Assert.True(reopened.Exists);
        Assert.False(reopened.IsUnlocked);
        Assert.Equal(scanned, reopened.ScannedHeight);
        Assert.Equal(balance with { Reserved = 50 * Coin, Available = 0 }, reopened.GetBalance());
        Assert.Equal(transactions, reopened.ListTransactions());
        Assert.Equal(next, reopened.NewAddress());
        Assert.Single(reopened.GetReservedCoins("offer-1"));

        _context.MineToStranger();
        await reopened.SyncAsync();
        Assert.Equal(scanned + 1, reopened.ScannedHeight);
        reopened.Unlock(WalletTestContext.Password);
        Assert.True(reopened.IsUnlocked);
    }

    [Fact]
    public async Task Scan_interrupted_mid_chain_keeps_every_committed_block_and_resumes_after_reopening()
    {
        var (original, mnemonic) = await _context.CreateWalletAsync("a");
        await original.FundAsync();
        var failing = new FailingChainClient(_context.Client, failAtHeight: 60);
        var interrupted = new WalletService(_context.OpenDatabase("b"), Network.RegTest, failing, WalletTestContext.Options);

        await interrupted.RestoreAsync(mnemonic, null, WalletTestContext.Password, 0);

        Assert.Equal(59, interrupted.ScannedHeight);
        Assert.Equal(59 * 50 * Coin, interrupted.GetBalance().Immature);
        await Assert.ThrowsAsync<IOException>(() => interrupted.SyncAsync());
        interrupted.Dispose();
        _context.CloseAll();

        var counting = new FailingChainClient(_context.Client, failAtHeight: -1);
        var reopened = new WalletService(_context.OpenDatabase("b"), Network.RegTest, counting, WalletTestContext.Options);
        using (reopened)
        {
            Assert.Equal(59, reopened.ScannedHeight);
            await reopened.SyncAsync();

            Assert.Equal(101 - 59, counting.BlockRequests);
            Assert.Equal(original.GetBalance(), reopened.GetBalance());
            Assert.Equal(101, reopened.ListTransactions().Count);
        }
    }
}

