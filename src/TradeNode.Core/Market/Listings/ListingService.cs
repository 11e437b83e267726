using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Core.Errors;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using Wire = TradeNode.Core.Protocol;

namespace TradeNode.Core.Market.Listings;

/// <summary>
/// Goods listings: creates, updates (same id, higher sequence), deletes (tombstone) and refreshes this node's
/// listings (long TTL, republished a third of the TTL after each publication), and searches every valid live
/// listing in the node's item store through an in-memory book (<see cref="Book"/>) kept current by the store's events.
/// </summary>
public sealed class ListingService : IDisposable
{
    private readonly P2PNode _node;
    private readonly MarketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OwnItems _own;

    public ListingService(P2PNode node, LiteDatabase database, MarketOptions? options = null, TimeProvider? time = null, ILogger<ListingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _options = options ?? new MarketOptions();
        _time = time ?? node.Time;
        _logger = logger ?? NullLogger<ListingService>.Instance;
        var maxTtl = node.Builder.Policy.Get(ItemKind.Listing).MaxTtl;
        if (_options.ListingTtl <= TimeSpan.Zero || _options.ListingTtl > maxTtl)
        {
            throw new ArgumentException($"The listing TTL must be positive and at most the network's {maxTtl}.", nameof(options));
        }

        _own = new OwnItems(node, database, _time, _logger);
        node.Store.ItemsStored += OnItemsStored;
        node.Store.ItemsRemoved += OnItemsRemoved;
        foreach (var item in node.Store.GetByKind(ItemKind.Listing))
        {
            Index(ItemId.Compute(item.Content.Span), item);
        }
    }

    /// <summary>The listing book: every valid live listing this node knows, its own included.</summary>
    public ListingBook Book { get; } = new();

    /// <summary>Checks <paramref name="draft"/> (<see cref="InvalidInputException"/> naming the field) and publishes a new listing.</summary>
    public async Task<Listing> CreateAsync(ListingDraft draft, CancellationToken cancellationToken = default)
    {
        var body = ListingCodec.Validate(draft, _options.Network, _time.GetUtcNow());
        var id = MarketRules.NewId();
        var own = await _own.PublishAsync(ItemKind.Listing, id, body.ToByteArray(), 1, _options.ListingTtl, null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Created listing {ListingId}", id);
        return Book.Get(id) ?? FromOwn(own);
    }

    /// <summary>
    /// Replaces this node's listing <paramref name="id"/> with <paramref name="draft"/> (same id and creation time,
    /// next sequence). <see cref="NotFoundException"/> for an unknown id, <see cref="PreconditionFailedException"/> for another vendor's.
    /// </summary>
    public async Task<Listing> UpdateAsync(string id, ListingDraft draft, CancellationToken cancellationToken = default)
    {
        var own = FindOwn(id);
        var created = DateTimeOffset.FromUnixTimeMilliseconds(Wire.ListingBody.Parser.ParseFrom(own.Body).CreatedUnixMs);
        var body = ListingCodec.Validate(draft, _options.Network, created);
        var updated = await _own.PublishAsync(ItemKind.Listing, id, body.ToByteArray(), own.Sequence + 1, own.Ttl, null, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Updated listing {ListingId} to sequence {Sequence}", id, updated.Sequence);
        return Book.Get(id) is { } listing && listing.Sequence == updated.Sequence ? listing : FromOwn(updated);
    }

    /// <summary>Deletes this node's listing <paramref name="id"/> with a tombstone; errors as <see cref="UpdateAsync"/>.</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var own = FindOwn(id);
        await _own.RemoveAsync(own, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Deleted listing {ListingId}", id);
    }

    /// <summary>The listing with <paramref name="id"/>; <see cref="NotFoundException"/> when the book has none.</summary>
    public Listing Get(string id) =>
        Book.Get(CheckId(id)) ?? throw new NotFoundException($"No listing with id {id} is known to this node.");

    /// <summary>One page of listings matching <paramref name="query"/> (see <see cref="ListingQuery"/> and <see cref="ListingSort"/>).</summary>
    public MarketPage<Listing> Search(ListingQuery query) => Book.Search(query);

    /// <summary>This node's listings, ordered by id.</summary>
    public IReadOnlyList<Listing> ListMine() =>
        [.. _own.All(ItemKind.Listing).Select(own => Book.Get(own.Key) is { } listing && listing.VendorKey == _node.Identity.PublicKey && listing.Sequence >= own.Sequence ? listing : FromOwn(own))];

    /// <summary>Keeps this node's listings alive until <paramref name="cancellationToken"/> ends.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => RefreshLoop.RunAsync(_own, ItemKind.Listing, _options, _time, _logger, cancellationToken);

    /// <summary>
    /// Streams changes of listings that pass <paramref name="filter"/>'s filters and text (order and paging ignored),
    /// from the moment of the call, through a bounded per-subscriber queue that drops the oldest changes when full.
    /// </summary>
    public IAsyncEnumerable<ListingChange> WatchAsync(ListingQuery filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var words = ListingBook.Words(filter.Text);
        return ChangeStream.WatchAsync<ListingChange>(h => Book.Changed += h, h => Book.Changed -= h, change => Matches(change.Listing), _options.WatchCapacity, cancellationToken);

        bool Matches(Listing l) => filter.MatchesFilters(l) && words.All(w => l.Title.Contains(w, StringComparison.OrdinalIgnoreCase)
            || l.Description.Contains(w, StringComparison.OrdinalIgnoreCase) || l.Tags.Any(t => t.Contains(w, StringComparison.Ordinal)));
    }

    public void Dispose()
    {
        _node.Store.ItemsStored -= OnItemsStored;
        _node.Store.ItemsRemoved -= OnItemsRemoved;
    }

    private static string CheckId(string id) =>
        MarketRules.IsId(id) ? id : throw new InvalidInputException("listing_id", "The field listing_id must be a listing id of 32 lowercase hexadecimal characters.");

    private OwnItem FindOwn(string id) =>
        _own.Find(ItemKind.Listing, CheckId(id))
        ?? throw (Book.Get(id) is null
            ? new NotFoundException($"No listing with id {id} is known to this node.")
            : new PreconditionFailedException($"The listing {id} belongs to another vendor; only its vendor can change it."));

    private Listing FromOwn(OwnItem own)
    {
        var content = new ItemContent
        {
            Kind = ItemKind.Listing,
            Author = ByteString.CopyFrom(_node.Identity.PublicKey.Span),
            Key = own.Key,
            Sequence = own.Sequence,
            CreatedUnixMs = own.Published.ToUnixTimeMilliseconds(),
            ExpiresUnixMs = own.Expires.ToUnixTimeMilliseconds(),
            Body = ByteString.CopyFrom(own.Body),
        };
        var listing = ListingCodec.TryDecode(content, _options.Network, out var reason) ?? throw new InvalidOperationException($"The stored own listing {own.Key} does not decode: {reason}");
        return _node.Store.Find(_node.Identity.PublicKey, ItemKind.Listing, own.Key) is { } item ? listing with { Version = ItemId.Compute(item.Content.Span) } : listing;
    }

    private void OnItemsStored(object? sender, IReadOnlyList<ItemId> ids)
    {
        foreach (var id in ids)
        {
            if (_node.Store.Get(id) is { } item)
            {
                Index(id, item);
            }
        }
    }

    private void OnItemsRemoved(object? sender, IReadOnlyList<ItemId> ids)
    {
        foreach (var id in ids)
        {
            // A replacement removes the old item before storing the new one: the stored event updates the listing.
            if (Book.GetByItem(id) is { } listing && _node.Store.Find(listing.VendorKey, ItemKind.Listing, listing.Id) is null)
            {
                Book.Remove(id);
            }
        }
    }

    private void Index(ItemId id, SignedItem item)
    {
        ItemContent content;
        try
        {
            content = ItemContent.Parser.ParseFrom(item.Content);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }

        if (content.Kind != ItemKind.Listing)
        {
            return;
        }

        var listing = ListingCodec.TryDecode(content, _options.Network, out var reason);
        if (listing is null)
        {
            _logger.LogDebug("Listing item {ItemId} ignored: {Reason}", id, reason);
            if (Book.Get(content.Key) is { } held && held.VendorKey.Span.SequenceEqual(content.Author.Span) && held.Sequence < content.Sequence)
            {
                Book.RemoveListing(held.Id);
            }

            return;
        }

        Book.Apply(id, listing with { Version = id });
    }
}
