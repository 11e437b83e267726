using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Core.Errors;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Market.Offers;

/// <summary>
/// Currency-exchange offers: creates, refreshes and cancels this node's offers (signed OFFER items with a short
/// TTL, so an offer disappears soon after its maker goes offline) and serves the offer book of every live offer in
/// the node's item store from an in-memory index (<see cref="Book"/>), kept current by the store's events.
/// <para>Funds: a SELL offer holds its amount plus the seller's deposit, a BUY offer the buyer's deposit, under the
/// hold id "offer/{id}" (an amount hold: no coins picked, so one funded coin backs several offers); cancelling
/// releases it, and taking it turns it into the trade's coin reservation.</para>
/// </summary>
public sealed class OfferService : IReferencePrices, IDisposable
{
    private const string HoldPrefix = "offer/";

    private readonly P2PNode _node;
    private readonly ICoinReserver _reserver;
    private readonly MarketOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OwnItems _own;

    public OfferService(P2PNode node, LiteDatabase database, ICoinReserver reserver, MarketOptions? options = null, TimeProvider? time = null, ILogger<OfferService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(reserver);
        _node = node;
        _reserver = reserver;
        _options = options ?? new MarketOptions();
        _time = time ?? node.Time;
        _logger = logger ?? NullLogger<OfferService>.Instance;
        var maxTtl = node.Builder.Policy.Get(ItemKind.Offer).MaxTtl;
        if (_options.OfferTtl <= TimeSpan.Zero || _options.OfferTtl > maxTtl)
        {
            throw new ArgumentException($"The offer TTL must be positive and at most the network's {maxTtl}.", nameof(options));
        }

        _own = new OwnItems(node, database, _time, _logger);
        node.Store.ItemsStored += OnItemsStored;
        node.Store.ItemsRemoved += OnItemsRemoved;
        foreach (var item in node.Store.GetByKind(ItemKind.Offer))
        {
            Index(ItemId.Compute(item.Content.Span), item);
        }

        ReleaseOrphanHolds();
    }

    /// <summary>The offer book: every valid live offer this node knows, its own included.</summary>
    public OfferBook Book { get; } = new();

    /// <summary>
    /// Checks <paramref name="draft"/> (<see cref="InvalidInputException"/> naming the field), holds the funds
    /// (<see cref="PreconditionFailedException"/> when the wallet cannot; nothing is published then), and publishes
    /// the offer. Returns it as the book now holds it.
    /// </summary>
    public async Task<Offer> CreateAsync(OfferDraft draft, CancellationToken cancellationToken = default)
    {
        var body = OfferCodec.Validate(draft, _time.GetUtcNow());
        var id = MarketRules.NewId();
        var reservation = HoldPrefix + id;
        _reserver.Hold(reservation, HoldSats(body));
        try
        {
            var own = await _own.PublishAsync(ItemKind.Offer, id, body.ToByteArray(), 1, _options.OfferTtl, reservation, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Created offer {OfferId}: {Direction} {AmountSats} sats at {Price} {Currency}", id, draft.Direction, draft.AmountSats, body.Price, body.Currency);
            return Book.Get(id) ?? FromOwn(own);
        }
        catch
        {
            _reserver.Release(reservation);
            throw;
        }
    }

    /// <summary>
    /// Replaces this node's open offer <paramref name="id"/> with <paramref name="draft"/> (checked as by
    /// <see cref="CreateAsync"/>), republished under the same id with the next sequence, its hold set to the new
    /// amount first. <see cref="NotFoundException"/> for an unknown id; <see cref="PreconditionFailedException"/> for
    /// another maker's offer, an offer being taken (its hold already became a trade's reservation), or a hold the
    /// wallet cannot cover (with the numbers). On any error nothing changes: the old offer and its hold stay.
    /// </summary>
    public async Task<Offer> UpdateAsync(string id, OfferDraft draft, CancellationToken cancellationToken = default)
    {
        var own = FindOwn(id, "edit");
        var body = OfferCodec.Validate(draft, _time.GetUtcNow());
        var reservation = own.Reservation ?? HoldPrefix + id;
        if (!_reserver.HoldIds().Contains(reservation, StringComparer.Ordinal))
        {
            throw new PreconditionFailedException($"The offer {id} is being taken (its funds are now a trade's); it cannot be edited.");
        }

        var oldHold = HoldSats(TradeNode.Core.Protocol.OfferBody.Parser.ParseFrom(own.Body));
        _reserver.Hold(reservation, HoldSats(body));
        try
        {
            var updated = await _own.PublishAsync(ItemKind.Offer, id, body.ToByteArray(), own.Sequence + 1, own.Ttl, reservation, cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Updated offer {OfferId} to sequence {Sequence}: {Direction} {AmountSats} sats at {Price} {Currency}", id, updated.Sequence, draft.Direction, draft.AmountSats, body.Price, body.Currency);
            return Book.Get(id) is { } offer && offer.Sequence == updated.Sequence ? offer : FromOwn(updated);
        }
        catch
        {
            RestoreHold(id, reservation, own.Sequence, oldHold, HoldSats(body));
            throw;
        }
    }

    /// <summary>
    /// After a failed edit: puts the offer's hold back to <paramref name="oldSats"/>, or, when the new version reached
    /// the store before the failure (so either version may be the one takers see), to the larger of the two amounts.
    /// </summary>
    private void RestoreHold(string id, string reservation, ulong oldSequence, long oldSats, long newSats)
    {
        var stored = _node.Store.Find(_node.Identity.PublicKey, ItemKind.Offer, id);
        var published = stored is not null && ItemContent.Parser.ParseFrom(stored.Content).Sequence > oldSequence;
        try
        {
            _reserver.Hold(reservation, published ? Math.Max(oldSats, newSats) : oldSats);
        }
        catch (PreconditionFailedException e)
        {
            _logger.LogWarning("The hold {HoldId} could not be restored after a failed edit: {Reason}", reservation, e.Message);
        }
    }

    /// <summary>
    /// Releases the holds "offer/{id}" that no own offer names: a node stopped between holding the funds and recording
    /// the offer it was publishing (<see cref="CreateAsync"/>) would otherwise keep them promised for ever, with no
    /// offer to cancel. Runs once, from the constructor, before any offer can be created.
    /// </summary>
    private void ReleaseOrphanHolds()
    {
        var named = _own.All(ItemKind.Offer).Select(own => own.Reservation).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var id in _reserver.HoldIds().Where(id => id.StartsWith(HoldPrefix, StringComparison.Ordinal) && !named.Contains(id)))
        {
            _reserver.Release(id);
            _logger.LogWarning("Released the hold {HoldId}: no offer of this node names it (the node stopped while creating that offer)", id);
        }
    }

    /// <summary>The offer with <paramref name="id"/>; <see cref="NotFoundException"/> when the book has none.</summary>
    public Offer Get(string id) =>
        Book.Get(CheckId(id)) ?? throw new NotFoundException($"No offer with id {id} is in the offer book.");

    /// <summary>As <see cref="Get"/>, for callers that await.</summary>
    public Task<Offer> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Get(id));
    }

    /// <summary>One page of the book, filtered and ordered by <paramref name="query"/> (see <see cref="OfferQuery"/>).</summary>
    public MarketPage<Offer> List(OfferQuery query) => Book.List(query);

    /// <summary>
    /// The node's reference price of <paramref name="currency"/> now: the median fixed price of the live offers in it
    /// (see <see cref="OfferBook.ReferencePrice"/>), or null when there are none. <see cref="InvalidInputException"/>
    /// for a malformed currency code.
    /// </summary>
    public MarketPrice? GetReferencePrice(string currency) => Book.ReferencePrice(MarketRules.Currency(currency, "currency"), _time.GetUtcNow());

    /// <summary>This node's open offers (refreshed while the node runs), ordered by id.</summary>
    public IReadOnlyList<Offer> ListMine() =>
        [.. _own.All(ItemKind.Offer).Select(own => Book.Get(own.Key) is { } offer && offer.MakerKey == _node.Identity.PublicKey && offer.Sequence >= own.Sequence ? offer : FromOwn(own))];

    /// <summary>
    /// Cancels this node's offer <paramref name="id"/>: publishes a tombstone and releases its reservation.
    /// <see cref="NotFoundException"/> for an unknown id, <see cref="PreconditionFailedException"/> for another maker's offer.
    /// </summary>
    public async Task CancelAsync(string id, CancellationToken cancellationToken = default)
    {
        var own = FindOwn(id, "cancel");
        await _own.RemoveAsync(own, cancellationToken).ConfigureAwait(false);
        if (own.Reservation is not null)
        {
            _reserver.Release(own.Reservation);
        }

        _logger.LogInformation("Cancelled offer {OfferId}", id);
    }

    /// <summary>
    /// Keeps this node's offers alive until <paramref name="cancellationToken"/> ends: republishes each with the next
    /// sequence a third of the TTL after its last publication (at once for offers that expired while the node was down).
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken = default) => RefreshLoop.RunAsync(_own, ItemKind.Offer, _options, _time, _logger, cancellationToken);

    /// <summary>
    /// Streams changes of the book that match <paramref name="filter"/>'s filters (paging and order ignored) from the
    /// moment of the call. Each subscriber has its own bounded queue; a reader that falls behind loses the oldest changes.
    /// </summary>
    public IAsyncEnumerable<OfferChange> WatchAsync(OfferQuery filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ChangeStream.WatchAsync<OfferChange>(h => Book.Changed += h, h => Book.Changed -= h, change => filter.Matches(change.Offer), _options.WatchCapacity, cancellationToken);
    }

    public void Dispose()
    {
        _node.Store.ItemsStored -= OnItemsStored;
        _node.Store.ItemsRemoved -= OnItemsRemoved;
    }

    /// <summary>The funds an offer holds: a seller its amount and deposit, a buyer its deposit.</summary>
    private static long HoldSats(TradeNode.Core.Protocol.OfferBody body) =>
        body.Direction == TradeNode.Core.Protocol.OfferDirection.Sell
            ? body.AmountSats + Offer.DepositSats(body.AmountSats, (int)body.SellerDepositBps)
            : Offer.DepositSats(body.AmountSats, (int)body.BuyerDepositBps);

    private OwnItem FindOwn(string id, string verb) =>
        _own.Find(ItemKind.Offer, CheckId(id)) ?? throw (Book.Get(id) is null
            ? new NotFoundException($"No offer with id {id} is in the offer book.")
            : new PreconditionFailedException($"The offer {id} was made by another node; only its maker can {verb} it."));

    private static string CheckId(string id) =>
        MarketRules.IsId(id) ? id : throw new InvalidInputException("offer_id", "The field offer_id must be an offer id of 32 lowercase hexadecimal characters.");

    private Offer FromOwn(OwnItem own)
    {
        var content = new ItemContent
        {
            Kind = ItemKind.Offer,
            Author = ByteString.CopyFrom(_node.Identity.PublicKey.Span),
            Key = own.Key,
            Sequence = own.Sequence,
            CreatedUnixMs = own.Published.ToUnixTimeMilliseconds(),
            ExpiresUnixMs = own.Expires.ToUnixTimeMilliseconds(),
            Body = ByteString.CopyFrom(own.Body),
        };
        var offer = OfferCodec.TryDecode(content, out var reason) ?? throw new InvalidOperationException($"The stored own offer {own.Key} does not decode: {reason}");
        return _node.Store.Find(_node.Identity.PublicKey, ItemKind.Offer, own.Key) is { } item ? offer with { Version = ItemId.Compute(item.Content.Span) } : offer;
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
            var offer = Book.GetByItem(id);

            // A replacement raises the removal of the old item before the new one is stored: leave the offer for the
            // stored event to update, unless the slot is empty (tombstone, expiry).
            if (offer is not null && _node.Store.Find(offer.MakerKey, ItemKind.Offer, offer.Id) is null)
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

        if (content.Kind != ItemKind.Offer)
        {
            return;
        }

        var offer = OfferCodec.TryDecode(content, out var reason);
        if (offer is null)
        {
            _logger.LogDebug("Offer item {ItemId} ignored: {Reason}", id, reason);

            // A maker's replacement that does not decode still ends its older version.
            if (Book.Get(content.Key) is { } held && held.MakerKey.Span.SequenceEqual(content.Author.Span) && held.Sequence < content.Sequence)
            {
                Book.RemoveOffer(held.Id);
            }

            return;
        }

        Book.Apply(id, offer with { Version = id });
    }
}
