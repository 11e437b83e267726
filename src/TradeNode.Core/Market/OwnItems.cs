using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using TradeNode.Core.Errors;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Market;

/// <summary>
/// The node's own offers, listings and arbitrator profile: persisted in the core database (collection
/// <c>market_own_items</c>) so they survive a restart, published as signed items, republished with a higher sequence
/// before they expire, and removed with a tombstone. Thread-safe.
/// </summary>
internal sealed class OwnItems
{
    public const string CollectionName = "market_own_items";

    private readonly P2PNode _node;
    private readonly ILiteCollection<BsonDocument> _items;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OwnItems(P2PNode node, LiteDatabase database, TimeProvider time, ILogger logger)
    {
        _node = node;
        _items = database.GetCollection(CollectionName);
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes at the next publication or removal, so the refresh loop recomputes when its next item is due.</summary>
    public Task WhenChanged => Volatile.Read(ref _changed).Task;

    public IReadOnlyList<OwnItem> All(ItemKind kind) =>
        [.. _items.Find(Query.EQ("kind", (int)kind)).Select(FromDocument).OrderBy(i => i.Key, StringComparer.Ordinal)];

    public OwnItem? Find(ItemKind kind, string key) => _items.FindById(DocumentId(kind, key)) is { } document ? FromDocument(document) : null;

    /// <summary>
    /// Publishes <paramref name="body"/> at <paramref name="sequence"/> (or just above what the store already holds
    /// for the slot) and records it. Throws <see cref="PreconditionFailedException"/> when the network rules reject it.
    /// </summary>
    public async Task<OwnItem> PublishAsync(ItemKind kind, string key, byte[] body, ulong sequence, TimeSpan ttl, string? reservation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await PublishLockedAsync(kind, key, body, sequence, ttl, reservation, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<OwnItem> PublishLockedAsync(ItemKind kind, string key, byte[] body, ulong sequence, TimeSpan ttl, string? reservation, CancellationToken cancellationToken)
    {
        var held = _node.Store.Find(_node.Identity.PublicKey, kind, key);
        if (held is not null)
        {
            sequence = Math.Max(sequence, ItemContent.Parser.ParseFrom(held.Content).Sequence + 1);
        }

        var now = _time.GetUtcNow();
        var item = _node.Builder.Build(_node.Identity, kind, key, sequence, body, now, ttl);
        var acceptance = await _node.PublishAsync(item, cancellationToken).ConfigureAwait(false);
        if (!acceptance.IsStored)
        {
            throw new PreconditionFailedException($"The node's item store did not accept the {Describe(kind)}: {acceptance.Detail ?? acceptance.Status.ToString()}");
        }

        var own = new OwnItem(kind, key, body, sequence, ttl, now, reservation);
        _items.Upsert(ToDocument(own));
        SignalChanged();
        return own;
    }

    /// <summary>Publishes a tombstone for <paramref name="own"/> and forgets it.</summary>
    public async Task RemoveAsync(OwnItem own, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var tombstone = _node.Builder.BuildTombstone(_node.Identity, own.Kind, own.Key, own.Sequence, _time.GetUtcNow());
            var acceptance = await _node.PublishAsync(tombstone, cancellationToken).ConfigureAwait(false);
            if (acceptance.Status == ItemAcceptanceStatus.Rejected)
            {
                throw new PreconditionFailedException($"The node's item store did not accept the removal of the {Describe(own.Kind)}: {acceptance.Detail}");
            }

            _items.Delete(DocumentId(own.Kind, own.Key));
            SignalChanged();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Republishes, with the next sequence, every own item of <paramref name="kind"/> whose refresh is due; returns how many.</summary>
    public async Task<int> RefreshDueAsync(ItemKind kind, CancellationToken cancellationToken)
    {
        var refreshed = 0;
        foreach (var listed in All(kind))
        {
            if (!IsDue(listed))
            {
                continue;
            }

            try
            {
                // Republish what is recorded now, read under the lock: an edit between the listing above and this
                // moment must not be overwritten by the body it replaced.
                if (await RepublishIfDueAsync(kind, listed.Key, cancellationToken).ConfigureAwait(false))
                {
                    refreshed++;
                }
            }
            catch (PreconditionFailedException e)
            {
                _logger.LogWarning("Refreshing own {Kind} {Key} failed: {Reason}", kind, listed.Key, e.Message);
            }
        }

        return refreshed;
    }

    private bool IsDue(OwnItem own) => _time.GetUtcNow() - own.Published >= MarketOptions.RefreshInterval(own.Ttl);

    private async Task<bool> RepublishIfDueAsync(ItemKind kind, string key, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Find(kind, key) is not { } own || !IsDue(own))
            {
                return false; // removed or republished (an edit) since it was listed
            }

            await PublishLockedAsync(own.Kind, own.Key, own.Body, own.Sequence + 1, own.Ttl, own.Reservation, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The next time an own item of <paramref name="kind"/> is due for refresh, or null when there is none.</summary>
    public DateTimeOffset? NextDue(ItemKind kind)
    {
        var due = All(kind).Select(i => (DateTimeOffset?)(i.Published + MarketOptions.RefreshInterval(i.Ttl))).Min();
        return due;
    }

    private void SignalChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static string Describe(ItemKind kind) => kind switch
    {
        ItemKind.Offer => "offer",
        ItemKind.Listing => "listing",
        ItemKind.ArbitratorProfile => "arbitrator profile",
        _ => kind.ToString(),
    };

    private static string DocumentId(ItemKind kind, string key) => ItemBuilder.TombstoneKey(kind, key);

    private static BsonDocument ToDocument(OwnItem own) => new()
    {
        ["_id"] = DocumentId(own.Kind, own.Key),
        ["kind"] = (int)own.Kind,
        ["key"] = own.Key,
        ["body"] = own.Body,
        ["seq"] = (long)own.Sequence,
        ["ttlMs"] = (long)own.Ttl.TotalMilliseconds,
        ["publishedMs"] = own.Published.ToUnixTimeMilliseconds(),
        ["reservation"] = own.Reservation is null ? BsonValue.Null : new BsonValue(own.Reservation),
    };

    private static OwnItem FromDocument(BsonDocument d) => new(
        (ItemKind)d["kind"].AsInt32,
        d["key"].AsString,
        d["body"].AsBinary,
        (ulong)d["seq"].AsInt64,
        TimeSpan.FromMilliseconds(d["ttlMs"].AsInt64),
        DateTimeOffset.FromUnixTimeMilliseconds(d["publishedMs"].AsInt64),
        d["reservation"].IsNull ? null : d["reservation"].AsString);

    /// <summary>The wire bytes of a body.</summary>
    internal static byte[] Bytes(IMessage message) => message.ToByteArray();
}
