using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Simulation;

namespace TradeNode.P2P.Tests.Gossip;

public class GossipSyncTests
{
    [Fact]
    public void Reconciliation_on_connect_brings_two_diverged_real_stores_to_the_union()
    {
        var network = new InMemoryNetwork(seed: 11);
        using var left = ItemStore.InMemory(ItemPolicy.Testing);
        using var right = ItemStore.InMemory(ItemPolicy.Testing);
        var now = network.Clock.GetUtcNow();
        var builder = new ItemBuilder(ItemPolicy.Testing);
        var shared = builder.BuildMany(300, now, seed: 1);
        var onlyLeft = builder.BuildMany(40, now, seed: 2);
        var onlyRight = builder.BuildMany(25, now, seed: 3);
        left.AddRange([.. shared, .. onlyLeft], now);
        right.AddRange([.. shared, .. onlyRight], now);
        var a = network.AddNode(left);
        var b = network.AddNode(right);

        network.Connect(a, b);
        network.Run(TimeSpan.FromSeconds(30));

        Assert.Equal(365, left.Count);
        Assert.Equal(365, right.Count);
        Assert.Equal(left.GetSortedIds(), right.GetSortedIds());

        // Only the difference travelled as items: 65 items, each once.
        var itemsSent = a.Links.Concat(b.Links).Sum(l => l.BytesSent);
        Assert.True(itemsSent < 65 * 1000 + 20_000, $"{itemsSent} bytes");
    }

    [Fact]
    public void Reconciliation_of_identical_sets_sends_no_items()
    {
        var network = new InMemoryNetwork(seed: 12) { RecordMessages = true };
        var a = network.AddNode();
        var b = network.AddNode();
        var items = Enumerable.Range(0, 200).Select(_ => network.CreateItem()).ToList();
        a.Store.AddRange(items, network.Clock.GetUtcNow());
        b.Store.AddRange(items, network.Clock.GetUtcNow());

        network.Connect(a, b);
        network.Run(TimeSpan.FromSeconds(30));

        var messages = a.Links.Concat(b.Links).SelectMany(l => l.SentMessages).ToList();
        Assert.NotEmpty(messages.OfType<ReconcileMessage>());
        Assert.Empty(messages.OfType<ItemsMessage>());
        Assert.Empty(messages.OfType<InventoryMessage>());
    }

    [Fact]
    public async Task A_bad_signature_from_a_peer_is_reported_with_its_rejection()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var store = ItemStore.InMemory(ItemPolicy.Testing);
        using var engine = new GossipEngine(store, time);
        var reports = new List<PeerMisbehaviour>();
        engine.Misbehaviour += (_, report) => reports.Add(report);
        var peer = new RecordingLink("ab");
        engine.AddPeer(peer);
        var good = new ItemBuilder(ItemPolicy.Testing).BuildMany(1, time.GetUtcNow())[0];
        var signature = good.Signature.ToByteArray();
        signature[0] ^= 1;
        var forged = new SignedItem { Content = good.Content, Signature = ByteString.CopyFrom(signature) };
        var id = ItemId.Compute(forged.Content.Span);

        await engine.HandleAsync(peer, new InventoryMessage([id]));
        await engine.HandleAsync(peer, new ItemsMessage([forged]));

        var report = Assert.Single(reports);
        Assert.Equal(MisbehaviourKind.InvalidItem, report.Kind);
        Assert.Equal(ItemRejection.BadSignature, report.Rejection);
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public async Task An_item_published_on_a_real_store_reaches_a_5_node_line_of_real_stores()
    {
        var network = new InMemoryNetwork(seed: 13);
        var stores = Enumerable.Range(0, 5).Select(_ => ItemStore.InMemory(ItemPolicy.Testing)).ToList();
        try
        {
            foreach (var store in stores)
            {
                network.AddNode(store);
            }

            network.ConnectLine();
            network.Run(TimeSpan.FromSeconds(1));
            var item = new ItemBuilder(ItemPolicy.Testing).BuildMany(1, network.Clock.GetUtcNow(), seed: 9)[0];

            var published = await network.Nodes[0].Engine.PublishAsync(item);
            network.Run(TimeSpan.FromSeconds(10));

            Assert.True(published.IsStored);
            Assert.All(stores, s => Assert.True(s.Contains(ItemId.Compute(item.Content.Span))));
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }
}
