using Google.Protobuf;
using LiteDB;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The node's item set: the items' bytes in an append-only log file (<see cref="ItemLog"/>; or memory for tests and
/// the simulator), each batch written with one write and one fsync; removals are records in the same log, and the log
/// is compacted (live items rewritten to a new file, renamed over the old) when dead records outweigh live ones. The
/// indexes live in memory and are rebuilt on open: by id (with the item's offset in the log, so the bytes are held
/// once, on disk), sorted ids (for <see cref="GetSortedIds"/>), by (author, kind, key) slot, by kind, by mailbox
/// recipient, by expiry, and per-author counts. State checks and queries never scan the disk; a read is one positioned
/// read of the item's bytes. A LiteDB file left by an older version at the same path is converted on open.
/// <para>Rules, after <see cref="ItemValidator"/>: an item already stored is a duplicate; a live item in the same
/// (author, kind, key) slot with an equal or higher sequence makes the new one stale; a higher sequence replaces
/// (deletes) the older item. A tombstone (author, removed kind, removed key, sequence s) deletes the live item of that
/// slot when its sequence is at most s, and while the tombstone lives it blocks items of that slot with sequence
/// at most s (<see cref="ItemRejection.Tombstoned"/>); an item with a higher sequence than the tombstone revives the
/// key. A tombstone lives longer than any item it can remove, so an expired tombstone cannot let an old item back.
/// Each author may hold a per-kind quota of live items (a replacement does not count twice).</para>
/// <para>Crash safety: an item is acknowledged (returned as stored, announced by <see cref="ItemsStored"/>) only after
/// its batch was written and flushed to the disk. A torn tail from a kill is cut on open; a replacement is written
/// as the new item and then the removal of the old one, and opening resolves a slot holding both by the same rules as
/// <see cref="Add"/>, so a crash between the two loses neither.</para>
/// <para>Thread-safe: validation (signatures) runs outside the lock, state changes and disk writes inside it (one
/// write per <see cref="Add"/> or <see cref="AddRange"/>); events are raised outside the lock.</para>
/// </summary>
public sealed class ItemStore : IItemStore, IDisposable
{
    private const int ParallelValidationThreshold = 32;

    private readonly ItemLog _log;
    private readonly ItemValidator _validator;
    private readonly Lock _gate = new();
    private readonly Dictionary<ItemId, Entry> _entries = [];
    private readonly Dictionary<ItemSlot, ItemId> _slots = [];
    private readonly Dictionary<ItemSlot, Entry> _tombstones = [];
    private readonly Dictionary<(NodeKey Author, ItemKind Kind), int> _counts = [];
    private readonly SortedSet<ItemId> _sorted = [];
    private readonly SortedSet<(long ExpiresMs, ItemId Id)> _expiry = [];
    private readonly Dictionary<ItemKind, HashSet<ItemId>> _byKind = [];
    private readonly Dictionary<string, HashSet<ItemId>> _byRecipient = [];
    private readonly Dictionary<NodeKey, (NodeKey Key, int Items)> _authors = [];
    private ItemId[]? _sortedSnapshot;
    private long _liveBytes;

    /// <summary>
    /// Opens (or creates) the store in the item log file <paramref name="path"/> (converting a LiteDB items file of an
    /// older version in place).
    /// </summary>
    public ItemStore(string path, ItemPolicy? policy = null)
        : this(OpenFile(path), policy)
    {
    }

    private ItemStore(ItemLog log, ItemPolicy? policy)
    {
        _log = log;
        _validator = new ItemValidator(policy ?? ItemPolicy.Default);
        try
        {
            Load();
        }
        catch
        {
            _log.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public event EventHandler<IReadOnlyList<ItemId>>? ItemsStored;

    /// <summary>Raised after items were deleted (replaced, tombstoned or expired), with their ids.</summary>
    public event EventHandler<IReadOnlyList<ItemId>>? ItemsRemoved;

    public ItemPolicy Policy => _validator.Policy;

    /// <summary>Bytes of the item log (live and dead records).</summary>
    public long LogBytes
    {
        get
        {
            lock (_gate)
            {
                return _log.Length;
            }
        }
    }

    /// <summary>The log is compacted when it holds more than this many dead bytes and more dead than live bytes.</summary>
    internal long CompactionMinimumDeadBytes { get; set; } = 4 * 1024 * 1024;

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
    public static ItemStore InMemory(ItemPolicy? policy = null) => new(ItemLog.InMemory(), policy);

    public bool Contains(ItemId id)
    {
        lock (_gate)
        {
            return _entries.ContainsKey(id);
        }
    }

    /// <summary>The kind of the live item <paramref name="id"/>, from memory (listeners skip kinds they ignore without a read).</summary>
    public ItemKind? KindOf(ItemId id)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(id, out var entry) ? entry.Slot.Kind : null;
        }
    }

    public SignedItem? Get(ItemId id)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(id, out var entry) ? Read(entry) : null;
        }
    }

    /// <summary>The live item of (<paramref name="author"/>, <paramref name="kind"/>, <paramref name="key"/>), if any.</summary>
    public SignedItem? Find(NodeKey author, ItemKind kind, string key)
    {
        lock (_gate)
        {
            return _slots.TryGetValue(new ItemSlot(author, kind, key), out var id) ? Read(_entries[id]) : null;
        }
    }

    /// <summary>Every live item of <paramref name="kind"/>.</summary>
    public IReadOnlyList<SignedItem> GetByKind(ItemKind kind)
    {
        lock (_gate)
        {
            return _byKind.TryGetValue(kind, out var ids) ? Load(ids) : [];
        }
    }

    /// <summary>Every live mailbox item sealed to the X25519 key <paramref name="recipientEncryptionKey"/>.</summary>
    public IReadOnlyList<SignedItem> GetMailbox(ReadOnlySpan<byte> recipientEncryptionKey)
    {
        var recipient = Convert.ToHexStringLower(recipientEncryptionKey);
        lock (_gate)
        {
            return _byRecipient.TryGetValue(recipient, out var ids) ? Load(ids) : [];
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
        void Check(int i)
        {
            var id = ItemId.Compute(items[i].Content.Span);
            if (Contains(id))
            {
                results[i] = ItemAcceptance.Duplicate(id);
                return;
            }

            var validation = _validator.Validate(items[i], id, now);
            if (validation.IsValid)
            {
                validations[i] = validation;
            }
            else
            {
                results[i] = validation.ToRejection();
            }
        }

        // Signature checks dominate: a large batch (sync, bundles) is verified on every core, before taking the lock.
        if (items.Count >= ParallelValidationThreshold)
        {
            Parallel.For(0, items.Count, Check);
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                Check(i);
            }
        }

        var stored = new List<ItemId>();
        var removed = new List<ItemId>();
        lock (_gate)
        {
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

                _log.Commit();
            }
            catch
            {
                _log.Rollback();
                throw;
            }

            CompactIfWasteful();
        }

        // An item stored and replaced within the same batch is neither announced as stored nor as removed.
        if (removed.Count > 0 && stored.Count > 0)
        {
            var both = stored.Intersect(removed).ToHashSet();
            stored.RemoveAll(both.Contains);
            removed.RemoveAll(both.Contains);
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
                foreach (var id in expired)
                {
                    Remove(_entries[id]);
                }

                _log.Commit();
                CompactIfWasteful();
            }
        }

        if (expired.Count > 0)
        {
            ItemsRemoved?.Invoke(this, expired);
        }

        return expired;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private ItemAcceptance Apply(ItemValidation validation)
    {
        var id = validation.Id;
        var content = validation.Content!;
        if (_entries.ContainsKey(id))
        {
            return ItemAcceptance.Duplicate(id);
        }

        var author = Intern(validation.Author);
        var slot = new ItemSlot(author, content.Kind, content.Key);
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

        // The new item is written before the removals it causes: a crash between them leaves both, which Load resolves.
        var bytes = validation.Item.ToByteArray();
        var offset = _log.AppendItem(id, bytes);
        var removed = new List<ItemId>();
        if (replaced is not null)
        {
            Remove(replaced);
            removed.Add(replaced.Id);
        }

        ItemSlot? target = null;
        if (validation.Tombstone is { } body)
        {
            target = new ItemSlot(author, body.RemovedKind, body.RemovedKey);
            if (_slots.TryGetValue(target.Value, out var targetId) && _entries[targetId].Sequence <= content.Sequence)
            {
                Remove(_entries[targetId]);
                removed.Add(targetId);
            }
        }

        var recipient = validation.Mailbox is { } mailbox ? Convert.ToHexStringLower(mailbox.Recipient.Span) : null;
        Insert(new Entry(id, slot, content.Sequence, content.ExpiresUnixMs, target, recipient) { Offset = offset, Length = bytes.Length });
        return ItemAcceptance.Stored(id, removed);
    }

    private void Insert(Entry entry)
    {
        _entries.Add(entry.Id, entry);
        var author = entry.Slot.Author;
        _authors[author] = (author, _authors.TryGetValue(author, out var known) ? known.Items + 1 : 1);
        _slots[entry.Slot] = entry.Id;
        var countKey = (entry.Slot.Author, entry.Slot.Kind);
        _counts[countKey] = _counts.GetValueOrDefault(countKey) + 1;
        _sorted.Add(entry.Id);
        _expiry.Add((entry.ExpiresMs, entry.Id));
        if (entry.Target is { } target)
        {
            _tombstones[target] = entry;
        }

        AddTo(_byKind, entry.Slot.Kind, entry.Id);
        if (entry.Recipient is { } recipient)
        {
            AddTo(_byRecipient, recipient, entry.Id);
        }

        _liveBytes += entry.RecordBytes;
        _sortedSnapshot = null;
    }

    private void Remove(Entry entry)
    {
        _entries.Remove(entry.Id);
        if (_authors.TryGetValue(entry.Slot.Author, out var known))
        {
            if (known.Items <= 1)
            {
                _authors.Remove(entry.Slot.Author);
            }
            else
            {
                _authors[entry.Slot.Author] = (known.Key, known.Items - 1);
            }
        }
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

        RemoveFrom(_byKind, entry.Slot.Kind, entry.Id);
        if (entry.Recipient is { } recipient)
        {
            RemoveFrom(_byRecipient, recipient, entry.Id);
        }

        _log.AppendRemoval(entry.Id);
        _liveBytes -= entry.RecordBytes;
        _sortedSnapshot = null;
    }

    /// <summary>One <see cref="NodeKey"/> instance per author with live items, shared by its entries (saves memory).</summary>
    private NodeKey Intern(NodeKey author) => _authors.TryGetValue(author, out var known) ? known.Key : author;

    private static void AddTo<TKey>(Dictionary<TKey, HashSet<ItemId>> index, TKey key, ItemId id)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var ids))
        {
            index[key] = ids = [];
        }

        ids.Add(id);
    }

    private static void RemoveFrom<TKey>(Dictionary<TKey, HashSet<ItemId>> index, TKey key, ItemId id)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var ids) && ids.Remove(id) && ids.Count == 0)
        {
            index.Remove(key);
        }
    }

    private List<SignedItem> Load(IEnumerable<ItemId> ids) => [.. ids.Order().Select(id => Read(_entries[id]))];

    private SignedItem Read(Entry entry) => SignedItem.Parser.ParseFrom(_log.Read(entry.Offset, entry.Length));

    /// <summary>Replays the log, then inserts the live items in the order they were written.</summary>
    private void Load()
    {
        var live = new Dictionary<ItemId, Entry>();
        _log.Replay((type, offset, payload) =>
        {
            var id = new ItemId(payload[..P2PProtocol.ItemIdLength]);
            if (type == ItemLog.RemovalRecord)
            {
                live.Remove(id);
                return;
            }

            var bytes = payload[P2PProtocol.ItemIdLength..];
            var item = SignedItem.Parser.ParseFrom(bytes);
            var content = ItemContent.Parser.ParseFrom(item.Content);
            var author = Intern(NodeKey.Create(content.Author.Span));
            ItemSlot? target = null;
            string? recipient = null;
            if (content.Kind == ItemKind.Tombstone)
            {
                var body = TombstoneBody.Parser.ParseFrom(content.Body);
                target = new ItemSlot(author, body.RemovedKind, body.RemovedKey);
            }
            else if (content.Kind == ItemKind.Mailbox)
            {
                recipient = Convert.ToHexStringLower(MailboxBody.Parser.ParseFrom(content.Body).Recipient.Span);
            }

            live[id] = new Entry(id, new ItemSlot(author, content.Kind, content.Key), content.Sequence, content.ExpiresUnixMs, target, recipient)
            {
                Offset = offset + P2PProtocol.ItemIdLength,
                Length = bytes.Length,
            };
        });

        foreach (var entry in live.Values.OrderBy(e => e.Offset))
        {
            Restore(entry);
        }

        _log.Commit();
        CompactIfWasteful();
    }

    /// <summary>
    /// Inserts an item read back from the log, applying replacement and tombstones as <see cref="Apply"/> did (a crash
    /// may have kept an item whose removal was not written yet).
    /// </summary>
    private void Restore(Entry entry)
    {
        if (_tombstones.TryGetValue(entry.Slot, out var tombstone) && entry.Sequence <= tombstone.Sequence)
        {
            _log.AppendRemoval(entry.Id);
            return;
        }

        if (_slots.TryGetValue(entry.Slot, out var existingId))
        {
            var existing = _entries[existingId];
            if (existing.Sequence >= entry.Sequence)
            {
                _log.AppendRemoval(entry.Id);
                return;
            }

            Remove(existing);
        }

        if (entry.Target is { } target && _slots.TryGetValue(target, out var targetId) && _entries[targetId].Sequence <= entry.Sequence)
        {
            Remove(_entries[targetId]);
        }

        Insert(entry);
    }

    /// <summary>Rewrites the log without its dead records once they outweigh the live ones.</summary>
    private void CompactIfWasteful()
    {
        var dead = _log.Length - _liveBytes;
        if (dead < CompactionMinimumDeadBytes || dead < _liveBytes)
        {
            return;
        }

        var entries = _entries.Values.OrderBy(e => e.Offset).ToList();
        var offsets = _log.Compact([.. entries.Select(e => (e.Id, e.Offset, e.Length))]);
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].Offset = offsets[i];
        }
    }

    private static ItemLog OpenFile(string path)
    {
        if (ItemLog.IsOtherFormat(path))
        {
            ConvertLiteDb(path);
        }

        return ItemLog.Open(path, durable: true);
    }

    /// <summary>Converts the LiteDB items file of an older version (documents of id, content and signature) to a log.</summary>
    private static void ConvertLiteDb(string path)
    {
        var converted = path + ".converting";
        File.Delete(converted);
        using (var database = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }))
        using (var log = ItemLog.Open(converted, durable: true))
        {
            foreach (var document in database.GetCollection("items").FindAll())
            {
                var item = new SignedItem
                {
                    Content = ByteString.CopyFrom(document["c"].AsBinary),
                    Signature = ByteString.CopyFrom(document["g"].AsBinary),
                };
                log.AppendItem(new ItemId(document["_id"].AsBinary), item.ToByteArray());
            }

            log.Commit();
        }

        File.Move(converted, path, overwrite: true);
        var liteDbLog = Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));
        File.Delete(liteDbLog);
    }

    /// <summary>An item's indexed facts and where its bytes are in the log (the offset changes on compaction).</summary>
    private sealed record Entry(ItemId Id, ItemSlot Slot, ulong Sequence, long ExpiresMs, ItemSlot? Target, string? Recipient)
    {
        public long Offset { get; set; }

        public int Length { get; init; }

        /// <summary>Bytes of the item's record in the log.</summary>
        public long RecordBytes => ItemLog.RecordHeaderBytes + P2PProtocol.ItemIdLength + Length;
    }
}
