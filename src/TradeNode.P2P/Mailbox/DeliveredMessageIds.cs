using LiteDB;

namespace TradeNode.P2P.Mailbox;

/// <summary>
/// The persisted ids of the mailbox messages already handed to the application, so each is delivered once across
/// re-gossip and restarts. An id is kept for <see cref="Retention"/> after its delivery and then pruned (at most
/// once a day, on the next delivery or on <see cref="Prune"/>): the mailbox never delivers an expired item, and an
/// item delivered at time t expires by t + clock skew + the mailbox's longest lifetime, so with a retention at least
/// that long a pruned id can never come back. Not thread-safe: the caller serializes.
/// </summary>
public sealed class DeliveredMessageIds
{
    private const string CollectionName = "mailbox_delivered";
    private const string TimeField = "t";

    private readonly ILiteCollection<BsonDocument> _ids;
    private DateTimeOffset _lastPruned = DateTimeOffset.MinValue;

    public DeliveredMessageIds(LiteDatabase database, TimeSpan retention)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        _ids = database.GetCollection(CollectionName);
        _ids.EnsureIndex(TimeField);
        Retention = retention;
    }

    /// <summary>How long an id is kept after its delivery.</summary>
    public TimeSpan Retention { get; }

    /// <summary>How many ids are kept.</summary>
    public int Count => _ids.Count();

    /// <summary>Records <paramref name="messageIdHex"/> as delivered at <paramref name="now"/>; false when it already was.</summary>
    public bool TryAdd(string messageIdHex, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageIdHex);
        if (_ids.FindById(messageIdHex) is not null)
        {
            return false;
        }

        _ids.Insert(new BsonDocument { ["_id"] = messageIdHex, [TimeField] = now.ToUnixTimeMilliseconds() });
        if (now - _lastPruned >= TimeSpan.FromDays(1))
        {
            Prune(now);
        }

        return true;
    }

    /// <summary>Deletes the ids delivered more than <see cref="Retention"/> before <paramref name="now"/>; returns how many.</summary>
    public int Prune(DateTimeOffset now)
    {
        _lastPruned = now;
        var cutoff = (now - Retention).ToUnixTimeMilliseconds();
        return _ids.DeleteMany(Query.LT(TimeField, cutoff));
    }
}
