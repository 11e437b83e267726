using System.Text;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip39;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Tests.Wallet;

public sealed class WalletLifecycleTests : IDisposable
{
    private readonly WalletTestContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public async Task Create_returns_a_valid_mnemonic_once_and_leaves_the_wallet_unlocked()
    {
        _context.MineToStranger(5);
        var wallet = _context.OpenWallet("a");
        Assert.False(wallet.Exists);

        var mnemonic = await wallet.CreateAsync(WalletTestContext.Password, 24);

        Assert.True(Mnemonic.TryParse(mnemonic, out var parsed));
        Assert.Equal(WordCount.TwentyFour, parsed.WordCount);
        Assert.True(wallet.Exists);
        Assert.True(wallet.IsUnlocked);
        Assert.Equal(5, wallet.BirthdayHeight);
        var second = await Assert.ThrowsAsync<PreconditionFailedException>(() => wallet.CreateAsync(WalletTestContext.Password));
        Assert.Contains("already exists", second.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    public async Task Create_refuses_a_weak_password_and_makes_no_wallet(string password)
    {
        var wallet = _context.OpenWallet("a");

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => wallet.CreateAsync(password));

        Assert.Equal("password", error.Field);
        Assert.False(wallet.Exists);
    }

    [Fact]
    public async Task Lock_and_unlock_with_the_right_password_only()
    {
        var (wallet, _) = await _context.CreateWalletAsync("a");
        wallet.Lock();
        Assert.False(wallet.IsUnlocked);
        Assert.Throws<PreconditionFailedException>(() => wallet.GetEscrowKey(0));

        var wrong = Assert.Throws<InvalidInputException>(() => wallet.Unlock("not the password"));
        Assert.Equal("password", wrong.Field);
        Assert.Equal("The password is wrong.", wrong.Message);
        Assert.False(wallet.IsUnlocked);

        wallet.Unlock(WalletTestContext.Password);
        Assert.True(wallet.IsUnlocked);
        Assert.Equal(wallet.EscrowAccountKey.Derive(7).PubKey, wallet.GetEscrowKey(7).PubKey);
    }

    [Fact]
    public async Task Wallet_locks_itself_when_the_unlock_timeout_passes()
    {
        var time = WalletTestContext.NewFakeTime();
        var (wallet, _) = await _context.CreateWalletAsync("a", time);
        var changes = 0;
        wallet.Changed += (_, _) => changes++;

        wallet.Unlock(WalletTestContext.Password, TimeSpan.FromMinutes(1));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(wallet.IsUnlocked);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(wallet.IsUnlocked);
        Assert.Equal(2, changes);
    }

    [Fact]
    public async Task Addresses_and_balance_work_while_locked()
    {
        var (wallet, _) = await _context.CreateWalletAsync("a");
        wallet.Lock();

        var first = wallet.NewAddress();
        var second = wallet.NewAddress();

        Assert.NotEqual(first, second);
        Assert.Equal(wallet.GetReceiveAddress(0), first);
        Assert.StartsWith("bcrt1q", first.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, wallet.GetBalance().Confirmed);
    }

    [Fact]
    public async Task Database_file_holds_neither_the_mnemonic_nor_the_seed()
    {
        var (wallet, mnemonic) = await _context.CreateWalletAsync("a");
        wallet.NewAddress();
        _context.CloseAll();
        var seed = Mnemonic.Parse(mnemonic).DeriveSeed();
        var words = mnemonic.Split(' ');

        var bytes = File.ReadAllBytes(_context.DatabasePath("a"));
        var text = Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain(mnemonic, text, StringComparison.Ordinal);
        for (var i = 0; i + 1 < words.Length; i++)
        {
            Assert.DoesNotContain(words[i] + " " + words[i + 1], text, StringComparison.Ordinal);
        }

        Assert.Equal(-1, bytes.AsSpan().IndexOf(seed.AsSpan(0, 16)));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(seed.AsSpan(32, 16)));
        Assert.Contains("tpub", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_refuses_an_invalid_mnemonic_without_quoting_it()
    {
        var wallet = _context.OpenWallet("a");

        var error = await Assert.ThrowsAsync<InvalidInputException>(
            () => wallet.RestoreAsync("abandon zebra secretword abandon abandon abandon abandon abandon abandon abandon abandon about", null, WalletTestContext.Password, 0));

        Assert.Equal("mnemonic", error.Field);
        Assert.DoesNotContain("secretword", error.Message, StringComparison.Ordinal);
        Assert.False(wallet.Exists);
    }

    [Fact]
    public async Task Escrow_account_is_the_hardened_account_1000_and_its_children_match_the_private_keys()
    {
        var (wallet, mnemonic) = await _context.CreateWalletAsync("a");
        var master = Mnemonic.Parse(mnemonic).DeriveExtKey();

        var expected = master.Derive(Bitcoin.Bip32.KeyPath.Parse("m/84'/1'/1000'")).Neuter();

        Assert.Equal(expected, wallet.EscrowAccountKey);
        Assert.Equal(master.Derive(Bitcoin.Bip32.KeyPath.Parse("m/84'/1'/1000'/3")).PrivateKey, wallet.GetEscrowKey(3));
        Assert.Equal(master.Derive(Bitcoin.Bip32.KeyPath.Parse("m/84'/1'/0'")).Neuter(), wallet.AccountKey);
    }

    [Fact]
    public async Task New_addresses_come_with_the_bip84_path_they_are_derived_at()
    {
        var (wallet, mnemonic) = await _context.CreateWalletAsync("paths");
        var master = Mnemonic.Parse(mnemonic).DeriveExtKey();

        var first = wallet.NewAddressWithPath();
        var second = wallet.NewAddressWithPath();

        Assert.Equal("m/84'/1'/0'/0/0", first.Path.ToStringWithRoot());
        Assert.Equal("m/84'/1'/0'/0/1", second.Path.ToStringWithRoot());
        var derived = master.Derive(second.Path).PrivateKey.PubKey.GetAddress(ScriptPubKeyType.Segwit, Bitcoin.Network.RegTest);
        Assert.Equal(derived, second.Address);
    }

    [Fact]
    public async Task RunAsync_polls_the_chain_on_its_interval_and_stops_when_cancelled()
    {
        var time = WalletTestContext.NewFakeTime();
        var (wallet, _) = await _context.CreateWalletAsync("a", time);
        var address = wallet.NewAddress();
        var found = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wallet.Changed += (_, _) =>
        {
            if (wallet.GetBalance().Immature > 0)
            {
                found.TrySetResult();
            }
        };
        using var cancellation = new CancellationTokenSource();
        var run = wallet.RunAsync(cancellation.Token);
        await Task.Yield();

        await _context.Client.GenerateToScriptAsync(1, address.ScriptPubKey);
        Assert.False(found.Task.IsCompleted);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!found.Task.IsCompleted && DateTime.UtcNow < deadline)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(found.Task, Task.Delay(20));
        }

        Assert.True(found.Task.IsCompleted, "The poll loop did not pick up the new block.");
        await cancellation.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Fund_is_refused_outside_regtest()
    {
        var wallet = new Core.Wallet.WalletService(_context.OpenDatabase("t"), Bitcoin.Network.TestNet, _context.Client, WalletTestContext.Options);
        using (wallet)
        {
            await wallet.CreateAsync(WalletTestContext.Password);

            await Assert.ThrowsAsync<PreconditionFailedException>(() => wallet.FundAsync());
            Assert.StartsWith("tb1q", wallet.NewAddress().ToString(), StringComparison.Ordinal);
        }
    }
}
