using System.Collections.Concurrent;
using LiteDB;

namespace TradeNode.P2P.Transport;

/// <summary>
/// Banned peer keys and addresses, each until a time; persisted in a LiteDB collection when a database is given,
/// so bans survive a restart. Thread-safe.
/// </summary>
public sealed class BanList
{
    private const string CollectionName = "bans";

    private readonly TimeProvider _time;
    private readonly ILiteCollection<BanRecord>? _collection;
    private readonly ConcurrentDictionary<string, BanRecord> _bans = new(StringComparer.Ordinal);

    public BanList(TimeProvider time, LiteDatabase? database = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        if (database is not null)
        {
            _collection = database.GetCollection<BanRecord>(CollectionName);
            foreach (var record in _collection.FindAll())
            {
                _bans[record.Id] = record;
            }
        }
    }

    public int Count => _bans.Count;

    public static string KeyEntry(string peerKeyHex) => "key:" + peerKeyHex;

    public static string AddressEntry(string host) => "address:" + host;

    public void Ban(string entry, TimeSpan duration, string reason)
    {
        var record = new BanRecord
        {
            Id = entry,
            UntilUnixMs = (_time.GetUtcNow() + duration).ToUnixTimeMilliseconds(),
            Reason = reason,
        };
        _bans[entry] = record;
        _collection?.Upsert(record);
    }

    public bool IsBanned(string entry)
    {
        if (!_bans.TryGetValue(entry, out var record))
        {
            return false;
        }

        if (record.UntilUnixMs > _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return true;
        }

        _bans.TryRemove(entry, out _);
        _collection?.Delete(entry);
        return false;
    }

    public IReadOnlyList<BanRecord> Active()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return [.. _bans.Values.Where(b => b.UntilUnixMs > now).OrderBy(b => b.Id, StringComparer.Ordinal)];
    }
}
