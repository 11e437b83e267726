using LiteDB;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Items;

/// <summary>The item store's log file: torn tails, garbage, crashes between records, compaction and conversion.</summary>
public sealed class ItemLogTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Now;
    private readonly NodeIdentity _author = NodeIdentity.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("tradenode-itemlog-");

    public void Dispose()
    {
        _author.Dispose();
        _directory.Delete(recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_directory.FullName, name);

    private SignedItem Offer(string key, ulong sequence) =>
        _builder.Build(_author, ItemKind.Offer, key, sequence, [1, 2, 3], Now, TimeSpan.FromDays(1));

    private static ItemId IdOf(SignedItem item) => ItemId.Compute(item.Content.Span);

    /// <summary>Stores each item in its own batch; returns the log length after each.</summary>
    private static List<long> Write(string path, IReadOnlyList<SignedItem> items)
    {
        using var store = new ItemStore(path, ItemPolicy.Testing);
        var lengths = new List<long>();
        foreach (var item in items)
        {
            Assert.True(store.Add(item, Now).IsStored);
            lengths.Add(new FileInfo(path).Length);
        }

        return lengths;
    }

    [Fact]
    public void Log_cut_at_any_point_reopens_with_every_complete_item()
    {
        var items = _builder.BuildMany(12, Now, seed: 3, bodyBytes: 40);
        var path = PathOf("items.db");
        var lengths = Write(path, items);
        var whole = File.ReadAllBytes(path);
        var random = new Random(5);
        var cuts = Enumerable.Range(0, 40).Select(_ => random.Next(0, whole.Length + 1)).Concat([0, 3, 8, 9, whole.Length - 1, whole.Length]).Concat(lengths.Select(l => (int)l));

        foreach (var cut in cuts)
        {
            var copy = PathOf($"cut-{cut}.db");
            File.WriteAllBytes(copy, whole[..cut]);
            var complete = lengths.Count(l => l <= cut);
            using (var store = new ItemStore(copy, ItemPolicy.Testing))
            {
                Assert.Equal(complete, store.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    Assert.Equal(i < complete ? items[i] : null, store.Get(IdOf(items[i])));
                }

                // The cut file is valid again: new writes land after the kept prefix and survive a reopen.
                if (complete < items.Count)
                {
                    Assert.True(store.Add(items[^1], Now).IsStored);
                }
            }

            using var reopened = new ItemStore(copy, ItemPolicy.Testing);
            Assert.Equal(complete < items.Count ? complete + 1 : complete, reopened.Count);
            Assert.Equal(items[^1], reopened.Get(IdOf(items[^1])));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(500)]
    public void Garbage_after_the_last_record_is_cut_and_the_items_survive(int garbageBytes)
    {
        var items = _builder.BuildMany(5, Now, seed: 4, bodyBytes: 40);
        var path = PathOf("items.db");
        var lengths = Write(path, items);
        var garbage = new byte[garbageBytes];
        new Random(garbageBytes).NextBytes(garbage);
        // A plausible header (small length, item type) with a wrong checksum, then noise.
        garbage[0] = Math.Min((byte)garbageBytes, (byte)200);
        if (garbageBytes >= 9)
        {
            garbage[1] = garbage[2] = garbage[3] = 0;
            garbage[8] = 1;
        }

        File.AppendAllBytes(path, garbage);

        using (var store = new ItemStore(path, ItemPolicy.Testing))
        {
            Assert.Equal(items.Select(IdOf).Order(), store.GetSortedIds());
            Assert.Equal(lengths[^1], new FileInfo(path).Length);
        }

        using var reopened = new ItemStore(path, ItemPolicy.Testing);
        Assert.Equal(items.Count, reopened.Count);
    }

    [Fact]
    public void Crash_between_a_replacement_and_its_removal_record_keeps_only_the_newer_item()
    {
        var path = PathOf("items.db");
        var old = Offer("a", 1);
        var newer = Offer("a", 2);
        var lengths = Write(path, [old, newer]);
        // The replacement wrote the new item, then a removal record of 9 + 32 bytes for the old one: drop that record.
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(lengths[^1] - (9 + 32));
        }

        using (var store = new ItemStore(path, ItemPolicy.Testing))
        {
            Assert.Equal(1, store.Count);
            Assert.Equal(newer, store.Find(_author.PublicKey, ItemKind.Offer, "a"));
            Assert.Null(store.Get(IdOf(old)));
        }

        using var reopened = new ItemStore(path, ItemPolicy.Testing);
        Assert.Equal(newer, Assert.Single(reopened.GetByKind(ItemKind.Offer)));
    }

    [Fact]
    public void Crash_before_a_tombstones_removal_record_still_removes_its_target()
    {
        var path = PathOf("items.db");
        var offer = Offer("a", 1);
        var tombstone = _builder.BuildTombstone(_author, ItemKind.Offer, "a", 1, Now);
        var lengths = Write(path, [offer, tombstone]);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(lengths[^1] - (9 + 32));
        }

        using var store = new ItemStore(path, ItemPolicy.Testing);

        Assert.Null(store.Get(IdOf(offer)));
        Assert.Equal(tombstone, Assert.Single(store.GetByKind(ItemKind.Tombstone)));
        Assert.Equal(ItemRejection.Tombstoned, store.Add(offer, Now).Rejection);
    }

    [Fact]
    public void Log_is_compacted_when_dead_records_outweigh_live_ones_and_reads_follow_the_new_offsets()
    {
        var path = PathOf("items.db");
        var keys = Enumerable.Range(0, 40).Select(i => $"k{i}").ToList();
        var final = keys.Select(k => Offer(k, 9)).ToList();
        using (var store = new ItemStore(path, ItemPolicy.Testing) { CompactionMinimumDeadBytes = 20_000 })
        {
            // Without compaction the log would hold every version (record: 9 + 32 + item bytes) and 8 × 40 removals.
            var written = 8L + (8 * 40 * (9 + 32));
            for (ulong sequence = 1; sequence <= 9; sequence++)
            {
                var batch = sequence == 9 ? final : [.. keys.Select(k => Offer(k, sequence))];
                store.AddRange(batch, Now);
                written += batch.Sum(i => 9 + 32 + i.CalculateSize());
            }

            var live = final.Sum(i => 9 + 32 + i.CalculateSize());
            Assert.True(store.LogBytes < written / 2 && store.LogBytes < live + 20_000 + 40 * (9 + 32), $"The log has {store.LogBytes} bytes of {written} written, {live} live.");
            Assert.Equal(new FileInfo(path).Length, store.LogBytes);
            Assert.All(final, item => Assert.Equal(item, store.Get(IdOf(item))));
            Assert.False(File.Exists(path + ".compact"));
        }

        using var reopened = new ItemStore(path, ItemPolicy.Testing);
        Assert.Equal(final.Select(IdOf).Order(), reopened.GetSortedIds());
        Assert.All(final, item => Assert.Equal(item, reopened.Find(_author.PublicKey, ItemKind.Offer, ItemContent.Parser.ParseFrom(item.Content).Key)));
    }

    [Fact]
    public void In_memory_store_compacts_too()
    {
        using var store = ItemStore.InMemory(ItemPolicy.Testing);
        store.CompactionMinimumDeadBytes = 1;
        var first = Offer("a", 1);
        store.Add(first, Now);
        var second = Offer("a", 2);

        store.Add(second, Now);

        Assert.Equal(second, store.Get(IdOf(second)));
        Assert.True(store.LogBytes < 2 * (second.CalculateSize() + 9 + 32), $"The log kept {store.LogBytes} bytes.");
    }

    [Fact]
    public void Items_file_of_the_LiteDB_format_is_converted_on_open()
    {
        var path = PathOf("items.db");
        var items = _builder.BuildMany(3, Now, seed: 6, bodyBytes: 40);
        using (var database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        {
            var collection = database.GetCollection("items");
            foreach (var item in items)
            {
                collection.Insert(new BsonDocument
                {
                    ["_id"] = new BsonValue(IdOf(item).ToArray()),
                    ["c"] = new BsonValue(item.Content.ToByteArray()),
                    ["g"] = new BsonValue(item.Signature.ToByteArray()),
                });
            }
        }

        using (var store = new ItemStore(path, ItemPolicy.Testing))
        {
            Assert.Equal(items.Select(IdOf).Order(), store.GetSortedIds());
            Assert.All(items, item => Assert.Equal(item, store.Get(IdOf(item))));
        }

        using var reopened = new ItemStore(path, ItemPolicy.Testing);
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void Second_store_on_the_same_file_is_refused()
    {
        var path = PathOf("items.db");
        using var store = new ItemStore(path, ItemPolicy.Testing);

        Assert.Throws<IOException>(() => new ItemStore(path, ItemPolicy.Testing));
    }
}
