using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Simulation;
using TradeNode.P2P.Tests.Transport;

namespace TradeNode.P2P.Tests.Gossip;

public class GossipEngineTests
{
    private static readonly GossipOptions Options = new() { FlushInterval = TimeSpan.FromMilliseconds(20), RequestTimeout = TimeSpan.FromSeconds(1) };

    [Fact]
    public async Task An_item_published_on_one_node_of_a_5_node_line_reaches_all()
    {
        var network = new InMemoryNetwork(seed: 1, Options);
        network.AddNodes(5);
        network.ConnectLine();
        var item = network.CreateItem();
        var id = ItemId.Compute(item.Content.Span);

        var result = await network.Nodes[0].Engine.PublishAsync(item);
        network.Run(TimeSpan.FromSeconds(10));

        Assert.True(result.IsStored);
        Assert.Equal(5, network.CountHolding(id));
        Assert.Equal(0, network.Clock.PendingEvents);
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(0, false)]
    public void An_item_no_announcement_brought_arrives_with_the_next_resync_of_the_outbound_link(int resyncSeconds, bool arrives)
    {
        // No sync on connect and an item stored before the link opened: only a resync can bring it.
        var options = Options with { SyncOnConnect = false, ResyncInterval = TimeSpan.FromSeconds(resyncSeconds) };
        var network = new InMemoryNetwork(seed: 21, options) { RecordMessages = true };
        var dialler = network.AddNode();
        var holder = network.AddNode();
        var item = network.CreateItem();
        var id = ItemId.Compute(item.Content.Span);
        Assert.True(holder.Store.Add(item, network.Clock.GetUtcNow()).IsStored);
        network.Connect(dialler, holder);

        network.Run(TimeSpan.FromSeconds(25));
        Assert.False(dialler.Store.Contains(id));

        network.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(arrives, dialler.Store.Contains(id));

        // The resync runs again and again, each time over equal sets, and brings nothing twice.
        network.Run(TimeSpan.FromSeconds(100));
        Assert.Equal(arrives, dialler.Store.Contains(id));
        Assert.Equal(arrives ? 1 : 0, dialler.Links.Single().Reverse.SentMessages.OfType<ItemsMessage>().SelectMany(m => m.Items).Count());
        var sessionsStarted = dialler.Links.Single().SentMessages.OfType<ReconcileMessage>().Count(m => !m.Payload.IsEmpty);
        Assert.True(arrives ? sessionsStarted >= 4 : sessionsStarted == 0, $"{sessionsStarted} reconciliation messages");
    }

    [Fact]
    public void No_id_or_item_is_sent_twice_on_one_link()
    {
        var network = new InMemoryNetwork(seed: 2, Options) { RecordMessages = true };
        network.AddNodes(12);
        network.ConnectRandomly(4);
        var ids = new List<ItemId>();
        for (var i = 0; i < 30; i++)
        {
            var item = network.CreateItem();
            ids.Add(ItemId.Compute(item.Content.Span));
            _ = network.Nodes[i % network.Nodes.Count].Engine.PublishAsync(item);
            network.Run(TimeSpan.FromMilliseconds(7));
        }

        network.Run(TimeSpan.FromSeconds(10));

        Assert.All(ids, id => Assert.Equal(12, network.CountHolding(id)));
        var links = network.Nodes.SelectMany(n => n.Links).ToList();
        var announced = 0;
        foreach (var link in links)
        {
            var inventoried = link.SentMessages.OfType<InventoryMessage>().SelectMany(m => m.Ids).ToList();
            var items = link.SentMessages.OfType<ItemsMessage>().SelectMany(m => m.Items).Select(i => ItemId.Compute(i.Content.Span)).ToList();
            var requested = link.SentMessages.OfType<GetItemsMessage>().SelectMany(m => m.Ids).ToList();
            Assert.Equal(inventoried.Count, inventoried.Distinct().Count());
            Assert.Equal(items.Count, items.Distinct().Count());
            Assert.Equal(requested.Count, requested.Distinct().Count());

            // Both ends may announce an id at the same moment, but never more than once each.
            var back = link.Reverse.SentMessages.OfType<InventoryMessage>().SelectMany(m => m.Ids);
            Assert.True(inventoried.Concat(back).GroupBy(x => x).All(g => g.Count() <= 2));
            announced += inventoried.Count;
        }

        Assert.True(announced > 0);
    }

    [Fact]
    public async Task A_request_is_sent_to_another_announcer_after_the_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options);
        var silent = new RecordingLink("aa");
        var helpful = new RecordingLink("bb");
        engine.AddPeer(silent);
        engine.AddPeer(helpful);
        var item = new InMemoryNetwork(3).CreateItem();
        var id = ItemId.Compute(item.Content.Span);

        await engine.HandleAsync(silent, new InventoryMessage([id]));
        await engine.HandleAsync(helpful, new InventoryMessage([id]));
        time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal([id], silent.SentOf<GetItemsMessage>().Single().Ids);
        Assert.Empty(helpful.SentOf<GetItemsMessage>());

        time.Advance(TimeSpan.FromMilliseconds(600));

        Assert.Equal([id], helpful.SentOf<GetItemsMessage>().Single().Ids);
        await engine.HandleAsync(helpful, new ItemsMessage([item]));
        Assert.True(store.Contains(id));
        Assert.Equal(0, engine.WantedCount);
    }

    [Fact]
    public async Task Pipelined_items_messages_are_all_stored_and_the_link_waits_for_the_previous_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options with { PipelineItems = true });
        var peer = new RecordingLink("aa");
        engine.AddPeer(peer);
        var network = new InMemoryNetwork(4);
        var items = Enumerable.Range(0, 5).Select(_ => network.CreateItem()).ToList();
        var ids = items.Select(i => ItemId.Compute(i.Content.Span)).ToList();
        await engine.HandleAsync(peer, new InventoryMessage(ids));
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(ids.Order(), peer.SentOf<GetItemsMessage>().SelectMany(m => m.Ids).Order());

        await engine.HandleAsync(peer, new ItemsMessage(items[..2]));
        await engine.HandleAsync(peer, new ItemsMessage(items[2..]));

        // The second call returned only after the first message was handled; the second finishes in the background.
        Assert.True(store.Contains(ids[0]) && store.Contains(ids[1]));
        await Poll.UntilAsync(() => ids.All(store.Contains), TimeSpan.FromSeconds(10), "every item stored");
        await Poll.UntilAsync(() => engine.WantedCount == 0, TimeSpan.FromSeconds(10), "nothing wanted");
    }

    [Fact]
    public async Task A_request_to_a_removed_peer_goes_to_another_announcer_without_waiting_for_the_timeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using var engine = new GossipEngine(new SimulationItemStore(), time, Options);
        var leaving = new RecordingLink("ab");
        var staying = new RecordingLink("cd");
        engine.AddPeer(leaving);
        engine.AddPeer(staying);
        var id = ItemId.Compute(new InMemoryNetwork(9).CreateItem().Content.Span);
        await engine.HandleAsync(leaving, new InventoryMessage([id]));
        await engine.HandleAsync(staying, new InventoryMessage([id]));

        engine.RemovePeer(leaving);
        time.Advance(Options.FlushInterval);

        Assert.Single(leaving.SentOf<GetItemsMessage>());
        Assert.Equal([id], staying.SentOf<GetItemsMessage>().Single().Ids);
        Assert.Equal(1, engine.PeerCount);
    }

    [Fact]
    public async Task A_lone_silent_announcer_is_asked_again_then_given_up_on()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using var engine = new GossipEngine(new SimulationItemStore(), time, Options with { MaxRequestAttempts = 2 });
        var silent = new RecordingLink("ab");
        engine.AddPeer(silent);
        var id = ItemId.Compute(new InMemoryNetwork(8).CreateItem().Content.Span);

        await engine.HandleAsync(silent, new InventoryMessage([id]));
        time.Advance(TimeSpan.FromMilliseconds(1100));

        Assert.Equal(2, silent.SentOf<GetItemsMessage>().Count());
        Assert.Equal(1, engine.WantedCount);

        time.Advance(TimeSpan.FromMilliseconds(1100));

        Assert.Equal(2, silent.SentOf<GetItemsMessage>().Count());
        Assert.Equal(0, engine.WantedCount);
    }

    [Fact]
    public async Task Unsolicited_known_items_excess_pushes_and_malformed_items_are_reported_as_misbehaviour()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options with { UnsolicitedItemBurst = 1 });
        var reports = new List<PeerMisbehaviour>();
        engine.Misbehaviour += (_, report) => reports.Add(report);
        var peer = new RecordingLink("cc");
        engine.AddPeer(peer);
        var factory = new InMemoryNetwork(4);
        var pushed = factory.CreateItem();
        var excess = factory.CreateItem();
        var malformed = new SignedItem { Content = ByteString.CopyFrom(0xff, 0xff, 0xff), Signature = ByteString.CopyFrom(new byte[64]) };
        var malformedId = ItemId.Compute(malformed.Content.Span);

        await engine.HandleAsync(peer, new ItemsMessage([pushed]));
        await engine.HandleAsync(peer, new ItemsMessage([pushed]));
        await engine.HandleAsync(peer, new ItemsMessage([excess]));
        await engine.HandleAsync(peer, new InventoryMessage([malformedId]));
        await engine.HandleAsync(peer, new ItemsMessage([malformed]));

        Assert.Equal(3, reports.Count);
        Assert.All(reports.Take(2), r => Assert.Equal(MisbehaviourKind.UnsolicitedItem, r.Kind));
        Assert.Equal("cc", reports[0].PeerKey);
        Assert.Equal(MisbehaviourKind.InvalidItem, reports[^1].Kind);
        Assert.Equal(ItemRejection.Malformed, reports[^1].Rejection);
        Assert.Equal(1, store.Count);
        Assert.True(store.Contains(ItemId.Compute(pushed.Content.Span)));
    }

    [Fact]
    public async Task A_publication_is_pushed_whole_to_peers_instead_of_announced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options);
        var peer = new RecordingLink("ee");
        engine.AddPeer(peer);
        var item = new InMemoryNetwork(6).CreateItem();

        var result = await engine.PublishAsync(item);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(result.IsStored);
        Assert.Equal([item], peer.SentOf<ItemsMessage>().SelectMany(m => m.Items));
        Assert.DoesNotContain(peer.SentOf<InventoryMessage>(), m => m.Ids.Contains(result.Id));
    }

    [Fact]
    public async Task A_pushed_publication_counts_as_sent_to_that_peer_only()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options);
        var peer = new RecordingLink("ef");
        engine.AddPeer(peer);
        var item = new InMemoryNetwork(7).CreateItem();
        var id = ItemId.Compute(item.Content.Span);

        Assert.False(engine.HasSent("ef", id));
        await engine.PublishAsync(item);

        Assert.True(engine.HasSent("ef", id));
        Assert.False(engine.HasSent("other", id));
    }

    [Fact]
    public async Task Requested_items_come_in_messages_under_the_frame_limit_and_only_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        var factory = new InMemoryNetwork(5);
        var items = Enumerable.Range(0, 30).Select(_ => factory.CreateItem(100_000)).ToList();
        store.AddRange(items, time.GetUtcNow());
        using var engine = new GossipEngine(store, time, Options);
        var peer = new RecordingLink("dd");
        engine.AddPeer(peer);
        var ids = items.Select(i => ItemId.Compute(i.Content.Span)).ToList();

        await engine.HandleAsync(peer, new GetItemsMessage(ids));
        await engine.HandleAsync(peer, new GetItemsMessage(ids));

        var replies = peer.SentOf<ItemsMessage>().ToList();
        Assert.True(replies.Count >= 3);
        Assert.All(replies, r => Assert.True(r.WireSize <= P2PProtocol.MaxFrameBytes));
        Assert.Equal(ids.Order(), replies.SelectMany(r => r.Items).Select(i => ItemId.Compute(i.Content.Span)).Order());
    }

    [Fact]
    public async Task Direct_items_go_to_the_handler_and_are_not_stored_or_relayed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new SimulationItemStore();
        using var engine = new GossipEngine(store, time, Options);
        var received = new List<SignedItem>();
        engine.DirectItemsHandler = (_, items) =>
        {
            received.AddRange(items);
            return ValueTask.CompletedTask;
        };
        var from = new RecordingLink("ee");
        var other = new RecordingLink("ff");
        engine.AddPeer(from);
        engine.AddPeer(other);
        var item = new InMemoryNetwork(6).CreateItem();

        await engine.HandleAsync(from, new ItemsMessage([item], Direct: true));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([item], received);
        Assert.Equal(0, store.Count);
        Assert.Empty(other.Sent);
    }
}
