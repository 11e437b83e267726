using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Items;

public sealed class ItemStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Now;
    private readonly NodeIdentity _author = NodeIdentity.FromSeed(Enumerable.Repeat((byte)9, 32).ToArray());
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);
    private readonly ItemStore _store = ItemStore.InMemory(ItemPolicy.Testing);

    public void Dispose()
    {
        _store.Dispose();
        _author.Dispose();
    }

    private SignedItem Offer(string key, ulong sequence, TimeSpan? ttl = null, NodeIdentity? author = null) =>
        _builder.Build(author ?? _author, ItemKind.Offer, key, sequence, [1, 2, 3], Now, ttl ?? TimeSpan.FromDays(1));

    private static ItemId IdOf(SignedItem item) => ItemId.Compute(item.Content.Span);

    [Fact]
    public void Valid_item_is_stored_and_found_by_id_slot_and_kind()
    {
        var item = Offer("a", 1);

        var result = _store.Add(item, Now);

        Assert.Equal(ItemAcceptanceStatus.Stored, result.Status);
        Assert.True(_store.Contains(result.Id));
        Assert.Equal(item, _store.Get(result.Id));
        Assert.Equal(item, _store.Find(_author.PublicKey, ItemKind.Offer, "a"));
        Assert.Equal(item, Assert.Single(_store.GetByKind(ItemKind.Offer)));
        Assert.Empty(_store.GetByKind(ItemKind.Listing));
    }

    [Fact]
    public void Same_item_twice_is_a_duplicate()
    {
        var item = Offer("a", 1);
        _store.Add(item, Now);

        Assert.Equal(ItemAcceptanceStatus.Duplicate, _store.Add(item, Now).Status);
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void Invalid_item_is_rejected_and_not_stored()
    {
        var item = Offer("a", 1);
        item.Signature = Google.Protobuf.ByteString.CopyFrom(new byte[64]);

        var result = _store.Add(item, Now);

        Assert.Equal(ItemRejection.BadSignature, result.Rejection);
        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public void Higher_sequence_replaces_and_removes_the_older_item()
    {
        var v1 = Offer("a", 1);
        var v2 = Offer("a", 2);
        _store.Add(v1, Now);

        var result = _store.Add(v2, Now);

        Assert.True(result.IsStored);
        Assert.Equal(IdOf(v1), Assert.Single(result.Removed!));
        Assert.False(_store.Contains(IdOf(v1)));
        Assert.Null(_store.Get(IdOf(v1)));
        Assert.Equal(v2, _store.Find(_author.PublicKey, ItemKind.Offer, "a"));
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void Lower_or_equal_sequence_is_stale()
    {
        _store.Add(Offer("a", 5), Now);

        Assert.Equal(ItemRejection.StaleSequence, _store.Add(Offer("a", 4), Now).Rejection);
        Assert.Equal(ItemRejection.StaleSequence, _store.Add(Offer("a", 5, TimeSpan.FromDays(2)), Now).Rejection);
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void Tombstone_removes_the_item_and_blocks_lower_sequences()
    {
        var offer = Offer("a", 3);
        _store.Add(offer, Now);

        var tombstone = _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "a", 3, Now), Now);

        Assert.True(tombstone.IsStored, tombstone.Detail);
        Assert.Equal(IdOf(offer), Assert.Single(tombstone.Removed!));
        Assert.False(_store.Contains(IdOf(offer)));
        Assert.Equal(ItemRejection.Tombstoned, _store.Add(offer, Now).Rejection);
        Assert.Equal(ItemRejection.Tombstoned, _store.Add(Offer("a", 2), Now).Rejection);
    }

    [Fact]
    public void Tombstone_arriving_first_blocks_the_item()
    {
        _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "a", 3, Now), Now);

        Assert.Equal(ItemRejection.Tombstoned, _store.Add(Offer("a", 1), Now).Rejection);
    }

    [Fact]
    public void Higher_sequence_than_the_tombstone_revives_the_key()
    {
        _store.Add(Offer("a", 1), Now);
        _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "a", 1, Now), Now);

        var revived = _store.Add(Offer("a", 2), Now);

        Assert.True(revived.IsStored, revived.Detail);
    }

    [Fact]
    public void Tombstone_with_lower_sequence_does_not_remove_a_newer_item()
    {
        var offer = Offer("a", 5);
        _store.Add(offer, Now);

        var tombstone = _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "a", 4, Now), Now);

        Assert.True(tombstone.IsStored);
        Assert.Empty(tombstone.Removed!);
        Assert.True(_store.Contains(IdOf(offer)));
    }

    [Fact]
    public void Tombstone_of_another_author_removes_nothing()
    {
        var offer = Offer("a", 1);
        _store.Add(offer, Now);
        using var other = NodeIdentity.Generate();

        _store.Add(_builder.BuildTombstone(other, ItemKind.Offer, "a", 9, Now), Now);

        Assert.True(_store.Contains(IdOf(offer)));
    }

    [Fact]
    public void Quota_per_author_and_kind_is_enforced_but_replacement_is_allowed()
    {
        var policy = new ItemPolicy([new ItemKindRules(ItemKind.Offer, 16 * 1024, TimeSpan.FromDays(30), 0, 2)], TimeSpan.FromMinutes(10));
        using var store = ItemStore.InMemory(policy);
        var builder = new ItemBuilder(policy);
        using var other = NodeIdentity.Generate();
        SignedItem Build(NodeIdentity who, string key, ulong seq) => builder.Build(who, ItemKind.Offer, key, seq, [], Now, TimeSpan.FromDays(1));
        store.Add(Build(_author, "a", 1), Now);
        store.Add(Build(_author, "b", 1), Now);

        Assert.Equal(ItemRejection.QuotaExceeded, store.Add(Build(_author, "c", 1), Now).Rejection);
        Assert.True(store.Add(Build(_author, "a", 2), Now).IsStored);
        Assert.True(store.Add(Build(other, "c", 1), Now).IsStored);
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public void Sweep_removes_expired_items_only()
    {
        var shortLived = Offer("a", 1, TimeSpan.FromHours(1));
        var longLived = Offer("b", 1, TimeSpan.FromDays(2));
        _store.Add(shortLived, Now);
        _store.Add(longLived, Now);
        var removedEvents = new List<ItemId>();
        _store.ItemsRemoved += (_, ids) => removedEvents.AddRange(ids);

        var swept = _store.SweepExpired(Now + TimeSpan.FromHours(1));

        Assert.Equal(IdOf(shortLived), Assert.Single(swept));
        Assert.Equal(swept, removedEvents);
        Assert.False(_store.Contains(IdOf(shortLived)));
        Assert.True(_store.Contains(IdOf(longLived)));
        Assert.Empty(_store.SweepExpired(Now + TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Expired_tombstone_stops_blocking()
    {
        _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "a", 5, Now), Now);
        var later = Now + TimeSpan.FromDays(32);
        _store.SweepExpired(later);

        var result = _store.Add(_builder.Build(_author, ItemKind.Offer, "a", 1, [], later, TimeSpan.FromDays(1)), later);

        Assert.True(result.IsStored, result.Detail);
    }

    [Fact]
    public void Sorted_ids_are_sorted_and_follow_changes()
    {
        var items = _builder.BuildMany(30, Now);
        _store.AddRange(items, Now);

        var ids = _store.GetSortedIds();

        Assert.Equal(items.Select(IdOf).Order(), ids);
        _store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "zzz", 1, Now), Now);
        Assert.Equal(31, _store.GetSortedIds().Count);
        Assert.Equal(30, ids.Count);
    }

    [Fact]
    public void AddRange_reports_each_item_in_order_and_raises_one_event()
    {
        var good = _builder.BuildMany(5, Now);
        var bad = Offer("x", 1);
        bad.Signature = Google.Protobuf.ByteString.CopyFrom(new byte[64]);
        var batch = new List<SignedItem>(good) { bad, good[0] };
        var events = new List<IReadOnlyList<ItemId>>();
        _store.ItemsStored += (_, ids) => events.Add(ids);

        var results = _store.AddRange(batch, Now);

        Assert.Equal([.. Enumerable.Repeat(ItemAcceptanceStatus.Stored, 5), ItemAcceptanceStatus.Rejected, ItemAcceptanceStatus.Duplicate], results.Select(r => r.Status));
        Assert.Equal(ItemRejection.BadSignature, results[5].Rejection);
        var stored = Assert.Single(events);
        Assert.Equal(good.Select(IdOf), stored);
    }

    [Fact]
    public void AddRange_applies_replacement_inside_one_batch()
    {
        var v1 = Offer("a", 1);
        var v2 = Offer("a", 2);
        var storedEvents = new List<ItemId>();
        var removedEvents = new List<ItemId>();
        _store.ItemsStored += (_, ids) => storedEvents.AddRange(ids);
        _store.ItemsRemoved += (_, ids) => removedEvents.AddRange(ids);

        var results = _store.AddRange([v1, v2], Now);

        Assert.All(results, r => Assert.True(r.IsStored));
        Assert.Equal([IdOf(v2)], storedEvents);
        Assert.Empty(removedEvents);
        Assert.False(_store.Contains(IdOf(v1)));
        Assert.Null(_store.Get(IdOf(v1)));
        Assert.Equal(1, _store.Count);
    }

    [Fact]
    public void Mailbox_items_are_found_by_recipient_key()
    {
        using var alice = NodeIdentity.Generate();
        using var bob = NodeIdentity.Generate();
        var toBob = _builder.BuildMailbox(alice, bob.EncryptionPublicKey, "hello bob"u8, Now);
        var toAlice = _builder.BuildMailbox(bob, alice.EncryptionPublicKey, "hello alice"u8, Now);
        _store.AddRange([toBob, toAlice], Now);

        Assert.Equal(toBob, Assert.Single(_store.GetMailbox(bob.EncryptionPublicKey)));
        Assert.Equal(toAlice, Assert.Single(_store.GetMailbox(alice.EncryptionPublicKey)));
    }

    [Fact]
    public void Store_persists_across_reopen()
    {
        var directory = Directory.CreateTempSubdirectory("tradenode-items-");
        try
        {
            var path = Path.Combine(directory.FullName, "items.db");
            var offer = Offer("a", 1);
            var tombstoned = Offer("b", 1);
            using (var store = new ItemStore(path, ItemPolicy.Testing))
            {
                store.AddRange([offer, tombstoned, _builder.BuildTombstone(_author, ItemKind.Offer, "b", 1, Now)], Now);
            }

            using (var reopened = new ItemStore(path, ItemPolicy.Testing))
            {
                Assert.Equal(2, reopened.Count);
                Assert.Equal(offer, reopened.Get(IdOf(offer)));
                Assert.Equal(offer, reopened.Find(_author.PublicKey, ItemKind.Offer, "a"));
                Assert.Equal(ItemRejection.Tombstoned, reopened.Add(tombstoned, Now).Rejection);
                Assert.Equal(ItemRejection.StaleSequence, reopened.Add(Offer("a", 1, TimeSpan.FromHours(3)), Now).Rejection);
                Assert.Equal(reopened.GetSortedIds().Order(), reopened.GetSortedIds());
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Kind_of_a_live_item_is_known_and_of_a_removed_one_is_not()
    {
        var offer = Offer("a", 1);
        _store.Add(offer, Now);
        var tombstone = _builder.BuildTombstone(_author, ItemKind.Offer, "a", 1, Now);

        Assert.Equal(ItemKind.Offer, _store.KindOf(IdOf(offer)));
        _store.Add(tombstone, Now);

        Assert.Null(_store.KindOf(IdOf(offer)));
        Assert.Equal(ItemKind.Tombstone, _store.KindOf(IdOf(tombstone)));
    }

    [Fact]
    public async Task Concurrent_adds_store_every_item_once()
    {
        var items = _builder.BuildMany(200, Now);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            foreach (var item in items.Skip(t * 25).Concat(items))
            {
                _store.Add(item, Now);
            }
        })));

        Assert.Equal(200, _store.Count);
        Assert.Equal(items.Select(IdOf).Order(), _store.GetSortedIds());
    }

    [Fact]
    public void Large_batch_is_validated_in_parallel_with_results_in_input_order()
    {
        var items = _builder.BuildMany(120, Now).Select(i => i.Clone()).ToList();
        foreach (var index in new[] { 3, 50, 119 })
        {
            items[index].Signature = Google.Protobuf.ByteString.CopyFrom(new byte[64]);
        }

        var results = _store.AddRange(items, Now);

        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(IdOf(items[i]), results[i].Id);
            Assert.Equal(i is 3 or 50 or 119 ? ItemAcceptanceStatus.Rejected : ItemAcceptanceStatus.Stored, results[i].Status);
        }

        Assert.Equal(117, _store.Count);
    }

    [Fact]
    public void Kind_and_mailbox_queries_follow_removals_and_reopen()
    {
        var directory = Directory.CreateTempSubdirectory("tradenode-items-");
        try
        {
            var path = Path.Combine(directory.FullName, "items.db");
            using var bob = NodeIdentity.Generate();
            var mail = _builder.BuildMailbox(_author, bob.EncryptionPublicKey, "hi"u8, Now, TimeSpan.FromHours(1));
            var offer = Offer("a", 1);
            using (var store = new ItemStore(path, ItemPolicy.Testing))
            {
                store.AddRange([mail, offer, Offer("b", 1)], Now);
                store.Add(_builder.BuildTombstone(_author, ItemKind.Offer, "b", 1, Now), Now);
                Assert.Equal([offer], store.GetByKind(ItemKind.Offer));
            }

            using var reopened = new ItemStore(path, ItemPolicy.Testing);

            Assert.Equal([offer], reopened.GetByKind(ItemKind.Offer));
            Assert.Single(reopened.GetByKind(ItemKind.Tombstone));
            Assert.Equal([mail], reopened.GetMailbox(bob.EncryptionPublicKey));
            reopened.SweepExpired(Now + TimeSpan.FromHours(1));
            Assert.Empty(reopened.GetMailbox(bob.EncryptionPublicKey));
            Assert.Empty(reopened.GetByKind(ItemKind.Mailbox));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
