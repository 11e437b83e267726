using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Wallet;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Tests.Node;

/// <summary>
/// Whole runtimes (embedded chain, P2P node on loopback, LiteDB) in temporary data directories: the node starts under
/// a provisional identity, takes the wallet's identity live when the wallet is created or restored, and keeps it.
/// </summary>
public sealed class NodeRuntimeIdentityTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private const string Mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private const string OtherMnemonic = "legal winner thank year wave sausage worth useful legal winner thank yellow";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tradenode-runtime-identity-{Guid.NewGuid():N}");
    private readonly List<NodeRuntime> _running = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runtime in _running)
        {
            await runtime.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_wallet_restored_on_a_fresh_data_directory_gives_back_the_node_id_of_the_one_created()
    {
        var a = await StartAsync("a");
        var provisional = a.P2P.Identity.Id;
        Assert.Equal(NodeIdentitySource.Provisional, a.IdentitySource);

        var mnemonic = await a.Wallet.CreateAsync(Password);
        var b = await StartAsync("b");
        await b.Wallet.RestoreAsync(mnemonic, null, Password, 0);

        Assert.NotEqual(provisional, a.P2P.Identity.Id);
        Assert.Equal(NodeIdentitySource.Wallet, a.IdentitySource);
        Assert.Equal(a.Wallet.NodeKey, a.P2P.Identity.PublicKey);
        Assert.Equal(a.P2P.Identity.Id, b.P2P.Identity.Id);
        Assert.Equal(NodeIdentitySource.Wallet, b.IdentitySource);
        Assert.Equal(await File.ReadAllBytesAsync(a.P2P.SeedFilePath), await File.ReadAllBytesAsync(b.P2P.SeedFilePath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(b.P2P.SeedFilePath));
        }
    }

    [Fact]
    public async Task Different_mnemonics_give_different_node_ids()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b");

        await a.Wallet.RestoreAsync(Mnemonic, null, Password, 0);
        await b.Wallet.RestoreAsync(OtherMnemonic, null, Password, 0);

        Assert.NotEqual(a.P2P.Identity.Id, b.P2P.Identity.Id);
        Assert.Equal(NodeIdentitySource.Wallet, a.IdentitySource);
        Assert.Equal(NodeIdentitySource.Wallet, b.IdentitySource);
    }

    [Fact]
    public async Task The_wallet_identity_is_used_after_a_restart_without_the_password()
    {
        var a = await StartAsync("a");
        await a.Wallet.CreateAsync(Password);
        var id = a.P2P.Identity.Id;

        var restarted = await RestartAsync(a);

        Assert.False(restarted.Wallet.IsUnlocked);
        Assert.Equal(id, restarted.P2P.Identity.Id);
        Assert.Equal(NodeIdentitySource.Wallet, restarted.IdentitySource);
    }

    [Fact]
    public async Task A_lost_node_seed_is_restored_by_unlocking_the_wallet()
    {
        var a = await StartAsync("a");
        await a.Wallet.CreateAsync(Password);
        var id = a.P2P.Identity.Id;
        var seedFile = a.P2P.SeedFilePath;
        await StopAsync(a);
        File.Delete(seedFile);

        var restarted = await StartAsync("a");
        var standIn = restarted.P2P.Identity.Id;
        var sourceBeforeUnlock = restarted.IdentitySource;
        restarted.Wallet.Unlock(Password);
        await Poll.UntilAsync(() => restarted.P2P.Identity.Id == id, "the unlock gives the node its wallet identity back");

        Assert.NotEqual(id, standIn);
        Assert.Equal(NodeIdentitySource.AwaitingUnlock, sourceBeforeUnlock);
        Assert.Equal(NodeIdentitySource.Wallet, restarted.IdentitySource);
    }

    [Fact]
    public async Task A_wallet_from_before_derived_identities_keeps_the_node_random_identity_even_when_unlocked()
    {
        var a = await StartAsync("a");
        await a.Wallet.CreateAsync(Password);

        // A wallet made before this change has no node key; its node has a random node.seed.
        var meta = a.Database.GetCollection("wallet_meta");
        var record = meta.FindById("wallet");
        record.Remove("nodeKey");
        meta.Update(record);
        var seedFile = a.P2P.SeedFilePath;
        await StopAsync(a);
        File.Delete(seedFile);
        var restarted = await StartAsync("a");
        var legacy = restarted.P2P.Identity.Id;

        restarted.Wallet.Unlock(Password);

        Assert.Null(restarted.Wallet.NodeKey);
        Assert.Equal(NodeIdentitySource.Legacy, restarted.IdentitySource);
        Assert.Equal(legacy, restarted.P2P.Identity.Id);
    }

    [Fact]
    public async Task Restoring_another_wallet_where_the_node_published_under_its_key_is_refused()
    {
        var a = await StartAsync("a");
        await a.Wallet.RestoreAsync(Mnemonic, null, Password, 0);
        var id = a.P2P.Identity.Id;
        await a.Listings.CreateAsync(Drafts.Listing());

        // The wallet is removed from the data directory; the listing it published stays.
        a.Database.DropCollection("wallet_meta");
        var restarted = await RestartAsync(a);
        Assert.False(restarted.Wallet.Exists);

        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => restarted.Wallet.RestoreAsync(OtherMnemonic, null, Password, 0));
        Assert.Contains("listings", refused.Message, StringComparison.Ordinal);
        Assert.Contains(id.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.False(restarted.Wallet.Exists);
        Assert.Equal(id, restarted.P2P.Identity.Id);

        await restarted.Wallet.RestoreAsync(Mnemonic, null, Password, 0);
        Assert.Equal(id, restarted.P2P.Identity.Id);
    }

    [Fact]
    public async Task A_peer_connected_before_the_wallet_was_created_meets_the_new_node_id()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.P2P.ListenAddress);
        var before = a.P2P.Identity.PublicKey;
        await Poll.UntilAsync(() => b.P2P.Transport.FindLink(before.ToHex()) is not null, "b connects to a");

        await a.Wallet.CreateAsync(Password);

        var after = a.P2P.Identity.PublicKey;
        Assert.NotEqual(before, after);
        await Poll.UntilAsync(() => b.P2P.Transport.FindLink(after.ToHex()) is not null, "b reconnects to a under the wallet's node key");
        await Poll.UntilAsync(() => b.P2P.Store.Find(after, ItemKind.NodeProfile, string.Empty) is not null, "b has a's new profile");
        Assert.Null(b.P2P.Transport.FindLink(before.ToHex()));
    }

    private async Task<NodeRuntime> StartAsync(string name, params string[] seeds)
    {
        var runtime = await NodeRuntime.StartAsync(new NodeRuntimeOptions
        {
            DataDirectory = Path.Combine(_root, name),
            Name = name,
            SeedPeers = seeds,
            ItemPolicy = ItemPolicy.Testing,
            WalletKdf = WalletKdfParameters.InsecureForTests,
        });
        _running.Add(runtime);
        return runtime;
    }

    private async Task<NodeRuntime> RestartAsync(NodeRuntime runtime)
    {
        var name = Path.GetFileName(runtime.Options.DataDirectory);
        await StopAsync(runtime);
        return await StartAsync(name);
    }

    private async Task StopAsync(NodeRuntime runtime)
    {
        _running.Remove(runtime);
        await runtime.DisposeAsync();
    }
}
