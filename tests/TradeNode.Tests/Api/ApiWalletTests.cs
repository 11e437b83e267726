using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>The Wallet service of real node processes: create, lock, unlock, restore, fund, send, reservations.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiWalletTests() : ApiProcessTestBase("wallet")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;

    [Fact]
    public async Task A_wallet_is_created_locked_unlocked_and_refuses_bad_passwords_and_a_second_create()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        var before = await node.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
        var emptyBalance = await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => node.Wallet.NewAddressAsync(new V1.NewAddressRequest()).ResponseAsync, "no wallet");
        await ApiAssert.InvalidAsync("password", () => node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = "short" }).ResponseAsync);
        await ApiAssert.InvalidAsync("word", () => node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password, WordCount = 13 }).ResponseAsync);

        var created = await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password, WordCount = 24 });
        var unlocked = await node.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password }).ResponseAsync, "already");
        await node.Wallet.LockAsync(new V1.LockWalletRequest());
        var locked = await node.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
        var address = (await node.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => node.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = 10_000 }).ResponseAsync, "locked");
        await ApiAssert.InvalidAsync("password", () => node.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = "wrong password" }).ResponseAsync);
        await ApiAssert.InvalidAsync("timeout_seconds", () => node.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = Password, TimeoutSeconds = -1 }).ResponseAsync);
        var unlock = await node.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = Password, TimeoutSeconds = 60 });
        var info = await node.Node.GetInfoAsync(new V1.GetInfoRequest());

        Assert.False(before.Exists);
        Assert.Equal(new V1.Balance(), emptyBalance);
        Assert.Equal(24, created.Mnemonic.Split(' ').Length);
        Assert.Equal(0, created.BirthdayHeight);
        Assert.True(unlocked.Exists && unlocked.Unlocked);
        Assert.True(locked.Exists && !locked.Unlocked);
        Assert.StartsWith("bcrt1q", address, StringComparison.Ordinal);
        Assert.InRange(unlock.UnlockedUntil.ToDateTimeOffset(), DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(61));
        Assert.True(info.WalletExists && info.WalletUnlocked);
        var stderr = await node.StderrAsync();
        Assert.DoesNotContain(Password, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Mnemonic.Split(' ')[0] + " " + created.Mnemonic.Split(' ')[1], stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fund_mines_to_the_wallet_and_a_wallet_restored_from_its_mnemonic_finds_the_coins()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        var created = await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await ApiAssert.InvalidAsync("blocks", () => node.Wallet.FundAsync(new V1.FundRequest { Blocks = -1 }).ResponseAsync);
        var funded = await node.Wallet.FundAsync(new V1.FundRequest { Blocks = 102 });
        var transactions = await node.Wallet.ListTransactionsAsync(new V1.ListTransactionsRequest { Page = new V1.PageRequest { PageSize = 5 } });
        await node.StopAsync();

        // The chain stays; the wallet's database goes, as on a new machine with the same chain.
        File.Delete(Path.Combine(node.DataDirectory, "core.db"));
        var restoredNode = await StartNodeAsync("a", "--insecure-kdf");
        await ApiAssert.InvalidAsync("mnemonic", () => restoredNode.Wallet.RestoreAsync(new V1.RestoreWalletRequest { Mnemonic = "abandon abandon", Password = Password }).ResponseAsync);
        var restored = await restoredNode.Wallet.RestoreAsync(new V1.RestoreWalletRequest { Mnemonic = created.Mnemonic, Password = Password, BirthdayHeight = 0 });

        Assert.Equal(102, funded.BlockHashes.Count);
        Assert.Equal(2 * 50 * Coin, funded.Balance.ConfirmedSats);
        Assert.Equal(2 * 50 * Coin, funded.Balance.AvailableSats);
        Assert.Equal(5, transactions.Transactions.Count);
        Assert.Equal(102, transactions.Page.TotalCount);
        Assert.NotEmpty(transactions.Page.NextPageToken);
        Assert.All(transactions.Transactions, t => Assert.Equal("coinbase", t.Label));
        Assert.Equal(funded.Balance, restored.Balance);
    }

    [Fact]
    public async Task A_send_between_two_nodes_on_one_chain_shows_unconfirmed_then_confirmed_and_bad_input_names_the_field()
    {
        var chain = await StartChainAsync();
        var a = await StartNodeAsync("a", ["--insecure-kdf", .. RpcArgs(chain)]);
        var b = await StartNodeAsync("b", ["--insecure-kdf", .. RpcArgs(chain)]);
        await a.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await b.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await a.Wallet.FundAsync(new V1.FundRequest());
        var to = (await b.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;

        await ApiAssert.InvalidAsync("address", () => a.Wallet.SendAsync(new V1.SendRequest { Address = "not-an-address", AmountSats = Coin }).ResponseAsync);
        await ApiAssert.InvalidAsync("address", () => a.Wallet.SendAsync(new V1.SendRequest { Address = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", AmountSats = Coin }).ResponseAsync);
        await ApiAssert.InvalidAsync("amount_sats", () => a.Wallet.SendAsync(new V1.SendRequest { Address = to, AmountSats = 0 }).ResponseAsync);
        await ApiAssert.InvalidAsync("fee_rate_sat_per_vb", () => a.Wallet.SendAsync(new V1.SendRequest { Address = to, AmountSats = Coin, FeeRateSatPerVb = -1 }).ResponseAsync);
        var sent = await a.Wallet.SendAsync(new V1.SendRequest { Address = to, AmountSats = Coin, FeeRateSatPerVb = 2 });
        await EventuallyAsync(async () => (await b.Wallet.GetBalanceAsync(new V1.GetBalanceRequest())).UnconfirmedSats == Coin, "b sees the payment in the mempool");
        await a.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await b.Wallet.GetBalanceAsync(new V1.GetBalanceRequest())).ConfirmedSats == Coin, "b sees the payment confirmed");
        var aBalance = await a.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());
        var aSend = (await a.Wallet.ListTransactionsAsync(new V1.ListTransactionsRequest())).Transactions.Single(t => t.Txid == sent.Txid);
        var bReceive = (await b.Wallet.ListTransactionsAsync(new V1.ListTransactionsRequest())).Transactions.Single(t => t.Txid == sent.Txid);

        Assert.Equal(Coin, sent.AmountSats);
        Assert.InRange(sent.FeeSats, 2 * 100, 2 * 300);
        // The block mined after the send also matured the coinbase of height 2.
        Assert.Equal((2 * 50 * Coin) - Coin - sent.FeeSats, aBalance.ConfirmedSats);
        Assert.Equal(-(Coin + sent.FeeSats), aSend.AmountSats);
        Assert.Equal(sent.FeeSats, aSend.FeeSats);
        Assert.Equal("send", aSend.Label);
        Assert.Equal(Coin, bReceive.AmountSats);
        Assert.Equal(1, bReceive.Confirmations);
        Assert.Equal("receive", bReceive.Label);
    }

    [Fact]
    public async Task Funds_held_by_a_sell_offer_are_not_spendable_until_the_offer_is_cancelled()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await node.Wallet.FundAsync(new V1.FundRequest { Blocks = 110 });
        var to = (await node.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;

        var offer = (await node.Offers.CreateAsync(ApiOffers.Sell(10 * Coin, node.NodeId))).Offer;
        var reserved = await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => node.Wallet.SendAsync(new V1.SendRequest { Address = to, AmountSats = reserved.AvailableSats + 1, FeeRateSatPerVb = 1 }).ResponseAsync);
        await node.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = offer.OfferId });
        var released = await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());

        Assert.Equal(10 * Coin + (10 * Coin * 15 / 100), reserved.HeldByOffersSats);
        Assert.Equal(0, reserved.ReservedSats);
        Assert.Equal(reserved.ConfirmedSats - reserved.HeldByOffersSats, reserved.AvailableSats);
        Assert.Equal(0, released.HeldByOffersSats);
        Assert.Equal(released.ConfirmedSats, released.AvailableSats);
    }

    [Fact]
    public async Task Watch_sends_the_wallet_status_at_once_and_again_when_it_changes()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        using var call = node.Wallet.Watch(new V1.WatchWalletRequest());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        Assert.True(await call.ResponseStream.MoveNext(timeout.Token));
        var first = call.ResponseStream.Current;
        await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        V1.WalletStatus? created = null;
        while (created is null && await call.ResponseStream.MoveNext(timeout.Token))
        {
            created = call.ResponseStream.Current.Exists ? call.ResponseStream.Current : null;
        }

        Assert.False(first.Exists);
        Assert.NotNull(created);
        Assert.True(created.Unlocked);
    }
}
