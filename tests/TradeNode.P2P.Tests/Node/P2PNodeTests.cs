using System.Text;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Tests.Transport;

namespace TradeNode.P2P.Tests.Node;

/// <summary>Whole nodes in process over real Kestrel on loopback: gossip, peers and mailbox wired by P2PNode.</summary>
public sealed class P2PNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"p2pnode-{Guid.NewGuid():N}");
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

    private async Task<P2PNode> StartAsync(string name, params string[] seeds) => await StartAsync(name, 0, seeds);

    private async Task<P2PNode> StartAsync(string name, int port, params string[] seeds)
    {
        var node = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = Path.Combine(_root, name),
            ListenPort = port,
            Name = name,
            Policy = ItemPolicy.Testing,
            Peers = new Peers.PeerManagerOptions { Seeds = seeds, Interval = TimeSpan.FromMilliseconds(200) },
        });
        _nodes.Add(node);
        return node;
    }

    [Fact]
    public async Task An_item_published_on_one_end_of_a_line_reaches_the_other_end()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        var c = await StartAsync("c", b.ListenAddress);
        await Poll.UntilAsync(() => b.Transport.Links.Count == 2, Deadline, "b is linked to a and c");
        var item = a.Builder.Build(a.Identity, ItemKind.Offer, "offer-1", 1, Encoding.UTF8.GetBytes("hello"), a.Time.GetUtcNow(), TimeSpan.FromHours(1));

        var accepted = await a.PublishAsync(item);

        Assert.True(accepted.IsStored);
        await Poll.UntilAsync(() => c.Store.Contains(accepted.Id), Deadline, "the item reaches c");
    }

    [Fact]
    public async Task A_node_bound_to_every_interface_is_dialled_and_announces_the_address_it_was_given()
    {
        var announced = "node-a.example:18735";
        var a = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = Path.Combine(_root, "bound"),
            BindAddress = System.Net.IPAddress.Any,
            AnnounceAddresses = [announced],
            Policy = ItemPolicy.Testing,
        });
        _nodes.Add(a);
        var b = await StartAsync("b", a.ListenAddress);

        await Poll.UntilAsync(() => b.Store.Find(a.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null, Deadline, "b has a's profile");

        var profile = NodeProfileBody.Parser.ParseFrom(ItemContent.Parser.ParseFrom(b.Store.Find(a.Identity.PublicKey, ItemKind.NodeProfile, string.Empty)!.Content).Body);
        Assert.Equal([announced], profile.Addresses);
    }

    [Fact]
    public async Task A_mailbox_message_is_delivered_once_with_its_sender_and_acknowledged()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        await Poll.UntilAsync(() => a.Store.Find(b.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null, Deadline, "a knows b's profile");

        var id = await a.Mailbox.SendAsync(b.Identity.PublicKey, Encoding.UTF8.GetBytes("hi b"));

        using var cts = new CancellationTokenSource(Deadline);
        var received = await b.Mailbox.Received.ReadAsync(cts.Token);
        Assert.Equal(a.Identity.PublicKey, received.Sender);
        Assert.Equal(id, received.MessageId);
        Assert.Equal("hi b", Encoding.UTF8.GetString(received.Payload));
        await Poll.UntilAsync(() => a.Store.GetMailbox(b.Identity.EncryptionPublicKey).Count == 0, Deadline, "the tombstone removes the mailbox item on a");
        Assert.False(b.Mailbox.Received.TryRead(out _));
    }

    [Fact]
    public async Task A_node_learns_addresses_from_node_profiles_and_dials_them()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        await Poll.UntilAsync(() => a.Transport.FindLink(b.Transport.NodeKey) is not null, Deadline, "b connects to a");

        var c = await StartAsync("c", a.ListenAddress);

        await Poll.UntilAsync(() => c.Transport.FindLink(b.Transport.NodeKey) is not null, Deadline, "c dials b, learnt from b's profile");
        Assert.Contains(c.Peers.KnownPeers, p => p.Id == b.ListenAddress && p.PeerKey == b.Transport.NodeKey);
        Assert.Single(c.Transport.Links, l => l.PeerKey == b.Transport.NodeKey);
    }

    [Fact]
    public async Task A_dropped_peer_is_redialled_and_known_peers_survive_a_restart()
    {
        var a = await StartAsync("a");
        var port = int.Parse(a.ListenAddress.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        var b = await StartAsync("b", a.ListenAddress);
        await Poll.UntilAsync(() => b.Transport.FindLink(a.Transport.NodeKey) is not null, Deadline, "b connects to a");

        _nodes.Remove(a);
        await a.DisposeAsync();
        await Poll.UntilAsync(() => b.Transport.Links.Count == 0, Deadline, "b notices a is gone");
        var again = await StartAsync("a", port);
        await Poll.UntilAsync(() => b.Transport.FindLink(again.Transport.NodeKey) is not null, Deadline, "b redials a");

        _nodes.Remove(b);
        await b.DisposeAsync();
        var restarted = await StartAsync("b");
        await Poll.UntilAsync(() => restarted.Transport.FindLink(again.Transport.NodeKey) is not null, Deadline, "b, restarted without seeds, dials a from its known peers");
    }

    [Fact]
    public async Task Direct_messages_that_are_not_valid_mailbox_items_count_against_the_sender()
    {
        var a = await StartAsync("a");
        var b = await StartAsync("b", a.ListenAddress);
        await Poll.UntilAsync(() => b.Transport.FindLink(a.Transport.NodeKey) is not null, Deadline, "b connects to a");
        var toA = b.Transport.FindLink(a.Transport.NodeKey)!;
        var offer = b.Builder.Build(b.Identity, ItemKind.Offer, "not-mail", 1, [1], b.Time.GetUtcNow(), TimeSpan.FromHours(1));

        for (var i = 0; i < 10; i++)
        {
            await toA.SendAsync(new TradeNode.P2P.Gossip.ItemsMessage([offer], Direct: true));
        }

        await Poll.UntilAsync(() => a.Transport.Bans.IsBanned(TradeNode.P2P.Transport.BanList.KeyEntry(b.Transport.NodeKey)), Deadline, "a bans b");
        Assert.False(a.Store.Contains(ItemId.Compute(offer.Content.Span)));
    }
}
