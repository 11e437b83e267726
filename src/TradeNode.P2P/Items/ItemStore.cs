using LiteDB;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The node's item set in LiteDB (a file, or memory for tests and the simulator), with an in-memory index of every
/// live item (by id, sorted ids, slot, expiry, per-author counts) so that the state checks and
/// <see cref="GetSortedIds"/> never touch the disk.
/// <para>Rules, after <see cref="ItemValidator"/>: an item already stored is a duplicate; a live item in the same
/// (author, kind, key) slot with an equal or higher sequence makes the new one stale; a higher sequence replaces
/// (deletes) the older item. A tombstone (author, removed kind, removed key, sequence s) deletes the live item of that
/// slot when its sequence is at most s, and while the tombstone lives it blocks items of that slot with sequence
/// at most s (<see cref="ItemRejection.Tombstoned"/>); an item with a higher sequence than the tombstone revives the
/// key. A tombstone lives longer than any item it can remove, so an expired tombstone cannot let an old item back.
/// Each author may hold a per-kind quota of live items (a replacement does not count twice).</para>
/// <para>Thread-safe: validation (signatures) runs outside the lock, state changes and disk writes inside it (one
/// LiteDB transaction per <see cref="Add"/> or <see cref="AddRange"/>); events are raised outside the lock.</para>
/// </summary>
public sealed class ItemStore : IItemStore, IDisposable
{
    private const string CollectionName = "items";

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<BsonDocument> _items;
    private readonly ItemValidator _validator;
    private readonly Lock _gate = new();
    private readonly Dictionary<ItemId, Entry> _entries = [];
    private readonly Dictionary<ItemSlot, ItemId> _slots = [];
    private readonly Dictionary<ItemSlot, Entry> _tombstones = [];
    private readonly Dictionary<(NodeKey Author, ItemKind Kind), int> _counts = [];
    private readonly SortedSet<ItemId> _sorted = [];
    private readonly SortedSet<(long ExpiresMs, ItemId Id)> _expiry = [];
    private ItemId[]? _sortedSnapshot;

    /// <summary>Opens (or creates) the store in the LiteDB file <paramref name="path"/>.</summary>
    public ItemStore(string path, ItemPolicy? policy = null)
        : this(new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }), policy)
    {
    }

    private ItemStore(LiteDatabase db, ItemPolicy? policy)
    {
        _db = db;
        _validator = new ItemValidator(policy ?? ItemPolicy.Default);
        _items = _db.GetCollection(CollectionName);
        _items.EnsureIndex("k");
        _items.EnsureIndex("s");
        _items.EnsureIndex("x");
        _items.EnsureIndex("r");
        Load();
    }

    /// <inheritdoc/>
    public event EventHandler<IReadOnlyList<ItemId>>? ItemsStored;

    /// <summary>Raised after items were deleted (replaced, tombstoned or expired), with their ids.</summary>
    public event EventHandler<IReadOnlyList<ItemId>>? ItemsRemoved;

    public ItemPolicy Policy => _validator.Policy;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>A store in memory only (tests, the simulator).</summary>
    public static ItemStore InMemory(ItemPolicy? policy = null) => new(new LiteDatabase(new MemoryStream()), policy);

    public bool Contains(ItemId id)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(id);
        }
    }

    public SignedItem? Get(ItemId id)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(id) ? ToItem(_items.FindById(new BsonValue(id.ToArray()))) : null;
        }
    }

    /// <summary>The live item of (<paramref name="author"/>, <paramref name="kind"/>, <paramref name="key"/>), if any.</summary>
    public SignedItem? Find(NodeKey author, ItemKind kind, string key)
    {
        lock (_gate)
        {
            return _slots.TryGetValue(new ItemSlot(author, kind, key), out var id) ? ToItem(_items.FindById(new BsonValue(id.ToArray()))) : null;
        }
    }

    /// <summary>Every live item of <paramref name="kind"/>.</summary>
    public IReadOnlyList<SignedItem> GetByKind(ItemKind kind)
    {
        lock (_gate)
        {
            return [.. _items.Find(Query.EQ("k", (int)kind)).Select(ToItem).OfType<SignedItem>()];
        }
    }

    /// <summary>Every live mailbox item sealed to the X25519 key <paramref name="recipientEncryptionKey"/>.</summary>
    public IReadOnlyList<SignedItem> GetMailbox(ReadOnlySpan<byte> recipientEncryptionKey)
    {
        var recipient = new BsonValue(recipientEncryptionKey.ToArray());
        lock (_gate)
        {
            return [.. _items.Find(Query.EQ("r", recipient)).Select(ToItem).OfType<SignedItem>()];
        }
    }

    public IReadOnlyList<ItemId> GetSortedIds()
    {
        lock (_gate)
        {
            return _sortedSnapshot ??= [.. _sorted];
        }
    }

    public ItemAcceptance Add(SignedItem item, DateTimeOffset now) => AddRange([item], now)[0];

    public IReadOnlyList<ItemAcceptance> AddRange(IReadOnlyList<SignedItem> items, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        var results = new ItemAcceptance[items.Count];
        var validations = new ItemValidation?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var id = ItemId.Compute(items[i].Content.Span);
            if (Contains(id))
            {
                results[i] = ItemAcceptance.Duplicate(id);
                continue;
            }

            var validation = _validator.Validate(items[i], now);
            if (validation.IsValid)
            {
                validations[i] = validation;
            }
            else
            {
                results[i] = validation.ToRejection();
            }
        }

        var stored = new List<ItemId>();
        var removed = new List<ItemId>();
        lock (_gate)
        {
            var transaction = validations.Any(v => v is not null) && _db.BeginTrans();
            try
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (validations[i] is { } validation)
                    {
                        results[i] = Apply(validation);
                        if (results[i].IsStored)
                        {
                            stored.Add(results[i].Id);
                            removed.AddRange(results[i].Removed ?? []);
                        }
                    }
                }

                if (transaction)
                {
                    _db.Commit();
                }
            }
            catch
            {
                if (transaction)
                {
                    _db.Rollback();
                }

                throw;
            }
        }

        if (removed.Count > 0)
        {
            ItemsRemoved?.Invoke(this, removed);
        }

        if (stored.Count > 0)
        {
            ItemsStored?.Invoke(this, stored);
        }

        return results;
    }

    public IReadOnlyList<ItemId> SweepExpired(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var expired = new List<ItemId>();
        lock (_gate)
        {
            foreach (var (expiresMs, id) in _expiry)
            {
                if (expiresMs > nowMs)
                {
                    break;
                }

                expired.Add(id);
            }

            if (expired.Count > 0)
            {
                _db.BeginTrans();
                foreach (var id in expired)
                {
                    Remove(_entries[id]);
                }

                _db.Commit();
            }
        }

        if (expired.Count > 0)
        {
            ItemsRemoved?.Invoke(this, expired);
        }

        return expired;
    }

    public void Dispose() => _db.Dispose();

    private ItemAcceptance Apply(ItemValidation validation)
    {
        var id = validation.Id;
        var content = validation.Content!;
        if (_entries.ContainsKey(id))
        {
            return ItemAcceptance.Duplicate(id);
        }

        var slot = new ItemSlot(validation.Author, content.Kind, content.Key);
        if (_tombstones.TryGetValue(slot, out var tombstone) && content.Sequence <= tombstone.Sequence)
        {
            return ItemAcceptance.Rejected(id, ItemRejection.Tombstoned, $"A tombstone with sequence {tombstone.Sequence} removed this {content.Kind} item; its sequence {content.Sequence} is not higher.");
        }

        Entry? replaced = null;
        if (_slots.TryGetValue(slot, out var existingId))
        {
            replaced = _entries[existingId];
            if (replaced.Sequence >= content.Sequence)
            {
                return ItemAcceptance.Rejected(id, ItemRejection.StaleSequence, $"The store holds this {content.Kind} item at sequence {replaced.Sequence}; {content.Sequence} is not higher.");
            }
        }

        var quota = Policy.Get(content.Kind).QuotaPerAuthor;
        var count = _counts.GetValueOrDefault((validation.Author, content.Kind)) - (replaced is null ? 0 : 1);
        if (count >= quota)
        {
            return ItemAcceptance.Rejected(id, ItemRejection.QuotaExceeded, $"The author {validation.Author.Id} already has {count} live {content.Kind} items, the most allowed.");
        }

        var removed = new List<ItemId>();
        if (replaced is not null)
        {
            Remove(replaced);
            removed.Add(replaced.Id);
        }

        ItemSlot? target = null;
        if (validation.Tombstone is { } body)
        {
            target = new ItemSlot(validation.Author, body.RemovedKind, body.RemovedKey);
            if (_slots.TryGetValue(target.Value, out var targetId) && _entries[targetId].Sequence <= content.Sequence)
            {
                Remove(_entries[targetId]);
                removed.Add(targetId);
            }
        }

        var entry = new Entry(id, slot, content.Sequence, content.ExpiresUnixMs, target);
        Insert(entry);
        _items.Insert(ToDocument(validation));
        return ItemAcceptance.Stored(id, removed);
    }

    private void Insert(Entry entry)
    {
        _entries.Add(entry.Id, entry);
        _slots[entry.Slot] = entry.Id;
        var countKey = (entry.Slot.Author, entry.Slot.Kind);
        _counts[countKey] = _counts.GetValueOrDefault(countKey) + 1;
        _sorted.Add(entry.Id);
        _expiry.Add((entry.ExpiresMs, entry.Id));
        if (entry.Target is { } target)
        {
            _tombstones[target] = entry;
        }

        _sortedSnapshot = null;
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Id);
        if (_slots.TryGetValue(entry.Slot, out var id) && id == entry.Id)
        {
            _slots.Remove(entry.Slot);
        }

        var countKey = (entry.Slot.Author, entry.Slot.Kind);
        if (_counts.GetValueOrDefault(countKey) <= 1)
        {
            _counts.Remove(countKey);
        }
        else
        {
            _counts[countKey]--;
        }

        _sorted.Remove(entry.Id);
        _expiry.Remove((entry.ExpiresMs, entry.Id));
        if (entry.Target is { } target && _tombstones.TryGetValue(target, out var mark) && mark.Id == entry.Id)
        {
            _tombstones.Remove(target);
        }

        _items.Delete(new BsonValue(entry.Id.ToArray()));
        _sortedSnapshot = null;
    }

    private void Load()
    {
        foreach (var document in _items.FindAll())
        {
            var content = ItemContent.Parser.ParseFrom(document["c"].AsBinary);
            var author = NodeKey.Create(content.Author.Span);
            ItemSlot? target = null;
            if (content.Kind == ItemKind.Tombstone)
            {
                var body = TombstoneBody.Parser.ParseFrom(content.Body);
                target = new ItemSlot(author, body.RemovedKind, body.RemovedKey);
            }

            Insert(new Entry(new ItemId(document["_id"].AsBinary), new ItemSlot(author, content.Kind, content.Key), content.Sequence, content.ExpiresUnixMs, target));
        }
    }

    private static BsonDocument ToDocument(ItemValidation validation)
    {
        var content = validation.Content!;
        var document = new BsonDocument
        {
            ["_id"] = new BsonValue(validation.Id.ToArray()),
            ["c"] = new BsonValue(validation.Item.Content.ToByteArray()),
            ["g"] = new BsonValue(validation.Item.Signature.ToByteArray()),
            ["k"] = new BsonValue((int)content.Kind),
            ["s"] = new BsonValue(new ItemSlot(validation.Author, content.Kind, content.Key).ToString()),
            ["x"] = new BsonValue(content.ExpiresUnixMs),
        };
        if (validation.Mailbox is { } mailbox)
        {
            document["r"] = new BsonValue(mailbox.Recipient.ToByteArray());
        }

        return document;
    }

    private static SignedItem? ToItem(BsonDocument? document) =>
        document is null
            ? null
            : new SignedItem
            {
                Content = Google.Protobuf.ByteString.CopyFrom(document["c"].AsBinary),
                Signature = Google.Protobuf.ByteString.CopyFrom(document["g"].AsBinary),
            };

    private sealed record Entry(ItemId Id, ItemSlot Slot, ulong Sequence, long ExpiresMs, ItemSlot? Target);
}
