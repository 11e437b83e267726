using System.Security.Cryptography;
using System.Text;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Tests.Transport;

namespace TradeNode.P2P.Tests.Node;

/// <summary>
/// <see cref="P2PNode.SwitchIdentityAsync"/>: a running node moves to the identity its wallet derives, without a
/// restart, and peers that knew it before meet the new key.
/// </summary>
public sealed class P2PNodeIdentitySwitchTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2pnode-switch-{Guid.NewGuid():N}");
    private readonly List<P2PNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_peer_connected_before_the_switch_meets_the_new_key_and_forgets_the_old_profile()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        var before = a.Identity.PublicKey;
        await Poll.UntilAsync(() => b.Transport.FindLink(before.ToHex()) is not null && b.Store.Find(before, ItemKind.NodeProfile, string.Empty) is not null,
            Deadline, "b is linked to a and holds its profile");
        var seed = RandomNumberGenerator.GetBytes(32);
        using var expected = NodeIdentity.FromSeed(seed);

        var switched = await a.SwitchIdentityAsync(seed);

        Assert.True(switched);
        Assert.Equal(expected.Id, a.Identity.Id);
        Assert.Equal(expected.PublicKey.ToHex(), a.Transport.NodeKey);
        await Poll.UntilAsync(() => b.Transport.FindLink(expected.PublicKey.ToHex()) is not null, Deadline, "b reconnects to a under its new key");
        await Poll.UntilAsync(() => b.Store.Find(expected.PublicKey, ItemKind.NodeProfile, string.Empty) is not null, Deadline, "b receives a's new profile");
        await Poll.UntilAsync(() => b.Store.Find(before, ItemKind.NodeProfile, string.Empty) is null, Deadline, "the tombstone removes a's previous profile on b");
        Assert.Null(b.Transport.FindLink(before.ToHex()));
    }

    [Fact]
    public async Task Mail_sent_to_the_new_identity_is_delivered_with_the_new_key_as_sender()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        var seed = RandomNumberGenerator.GetBytes(32);
        await a.SwitchIdentityAsync(seed);
        await Poll.UntilAsync(() => b.Store.Find(a.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null, Deadline, "b knows a's new profile");
        await Poll.UntilAsync(() => a.Store.Find(b.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null, Deadline, "a knows b's profile");

        var toA = await b.Mailbox.SendAsync(a.Identity.PublicKey, Encoding.UTF8.GetBytes("to the new key"));
        var toB = await a.Mailbox.SendAsync(b.Identity.PublicKey, Encoding.UTF8.GetBytes("from the new key"));

        using var cts = new CancellationTokenSource(Deadline);
        var atA = await a.Mailbox.Received.ReadAsync(cts.Token);
        var atB = await b.Mailbox.Received.ReadAsync(cts.Token);
        Assert.Equal(toA, atA.MessageId);
        Assert.Equal(b.Identity.PublicKey, atA.Sender);
        Assert.Equal(toB, atB.MessageId);
        Assert.Equal(a.Identity.PublicKey, atB.Sender);
    }

    [Fact]
    public async Task The_seed_file_holds_the_new_seed_owner_only_and_a_restart_keeps_the_identity()
    {
        var a = await StartAsync("a");
        var seed = RandomNumberGenerator.GetBytes(32);
        await a.SwitchIdentityAsync(seed);
        var id = a.Identity.Id;
        var path = a.SeedFilePath;

        _nodes.Remove(a);
        await a.DisposeAsync();
        var restarted = await StartAsync("a");

        Assert.Equal(seed, await File.ReadAllBytesAsync(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.False(File.Exists(path + ".new"));
        Assert.Equal(id, restarted.Identity.Id);
    }

    [Fact]
    public async Task Switching_to_the_current_identity_changes_nothing()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var a = await StartAsync("a");
        await a.SwitchIdentityAsync(seed);
        var profile = a.Store.Find(a.Identity.PublicKey, ItemKind.NodeProfile, string.Empty);

        var switched = await a.SwitchIdentityAsync(seed);

        Assert.False(switched);
        Assert.Equal(profile!.Content, a.Store.Find(a.Identity.PublicKey, ItemKind.NodeProfile, string.Empty)!.Content);
    }

    [Fact]
    public async Task A_seed_shorter_than_32_bytes_is_refused_and_the_file_is_untouched()
    {
        var a = await StartAsync("a");
        var before = await File.ReadAllBytesAsync(a.SeedFilePath);
        var id = a.Identity.Id;

        await Assert.ThrowsAsync<ArgumentException>(() => a.SwitchIdentityAsync(new byte[16]));

        Assert.Equal(before, await File.ReadAllBytesAsync(a.SeedFilePath));
        Assert.Equal(id, a.Identity.Id);
    }

    private async Task<P2PNode> StartAsync(string name, params string[] seeds)
    {
        var node = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = Path.Combine(_root, name),
            Name = name,
            Policy = ItemPolicy.Testing,
            Peers = new Peers.PeerManagerOptions { Seeds = seeds, Interval = TimeSpan.FromMilliseconds(200) },
        });
        _nodes.Add(node);
        return node;
    }
}
