using TradeNode.Core.Errors;
using TradeNode.P2P.Items;

namespace TradeNode.Core.Market.Offers;

/// <summary>
/// The in-memory offer book: every valid live offer by id, in one sorted set per currency by price and one sorted
/// set by creation time, so a filtered page over 100,000 offers is a single ordered scan with no sorting. Fed by
/// <see cref="OfferService"/> from the item store's events; also usable on its own (benchmarks). Thread-safe;
/// <see cref="Changed"/> is raised outside the lock.
/// <para>Offer ids are author-scoped item keys: when two makers use the same id the offer seen first keeps it.</para>
/// </summary>
public sealed class OfferBook
{
    private static readonly Comparer<Offer> PriceOrder = Comparer<Offer>.Create((a, b) =>
    {
        var c = a.Price.CompareTo(b.Price);
        c = c != 0 ? c : a.Created.CompareTo(b.Created);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private static readonly Comparer<Offer> CreatedOrder = Comparer<Offer>.Create((a, b) =>
    {
        var c = a.Created.CompareTo(b.Created);
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Offer Offer, ItemId Item)> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<ItemId, string> _byItem = [];
    private readonly SortedDictionary<string, SortedSet<Offer>> _byCurrency = new(StringComparer.Ordinal);
    private readonly SortedSet<Offer> _byCreated = new(CreatedOrder);

    // Arrays copied from the sorted sets on the first query after a change (per currency, so a change in one market
    // leaves the others' snapshots): a query then scans an array, several times faster than walking a tree.
    private readonly Dictionary<string, Offer[]> _priceSnapshots = new(StringComparer.Ordinal);
    private Offer[]? _createdSnapshot;
    private Offer[]? _allPricesSnapshot;

    /// <summary>Raised after each change of the book.</summary>
    public event EventHandler<OfferChange>? Changed;

    /// <summary>How many offers the book holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>The offer with <paramref name="id"/>, or null.</summary>
    public Offer? Get(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var entry) ? entry.Offer : null;
        }
    }

    /// <summary>The offer published as item <paramref name="itemId"/>, or null.</summary>
    public Offer? GetByItem(ItemId itemId)
    {
        lock (_gate)
        {
            return _byItem.TryGetValue(itemId, out var id) ? _byId[id].Offer : null;
        }
    }

    /// <summary>
    /// Adds <paramref name="offer"/>, published as item <paramref name="itemId"/>, or replaces the maker's older
    /// version. Returns the change, or null when ignored (an equal or newer version is held, or another maker holds the id).
    /// </summary>
    public MarketChangeKind? Apply(ItemId itemId, Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        MarketChangeKind kind;
        lock (_gate)
        {
            if (_byId.TryGetValue(offer.Id, out var held))
            {
                if (held.Offer.MakerKey != offer.MakerKey || held.Offer.Sequence >= offer.Sequence)
                {
                    return null;
                }

                RemoveLocked(held.Offer, held.Item);
                kind = MarketChangeKind.Updated;
            }
            else
            {
                kind = MarketChangeKind.Added;
            }

            _byId[offer.Id] = (offer, itemId);
            _byItem[itemId] = offer.Id;
            if (!_byCurrency.TryGetValue(offer.Currency, out var prices))
            {
                _byCurrency[offer.Currency] = prices = new SortedSet<Offer>(PriceOrder);
            }

            prices.Add(offer);
            _byCreated.Add(offer);
            Invalidate(offer.Currency);
        }

        Changed?.Invoke(this, new OfferChange(kind, offer));
        return kind;
    }

    /// <summary>Removes the offer published as item <paramref name="itemId"/>; returns it, or null when the item is not in the book.</summary>
    public Offer? Remove(ItemId itemId)
    {
        Offer offer;
        lock (_gate)
        {
            if (!_byItem.TryGetValue(itemId, out var id))
            {
                return null;
            }

            offer = _byId[id].Offer;
            RemoveLocked(offer, itemId);
            _byId.Remove(id);
        }

        Changed?.Invoke(this, new OfferChange(MarketChangeKind.Removed, offer));
        return offer;
    }

    /// <summary>Removes the offer <paramref name="id"/> whatever item holds it; returns it, or null.</summary>
    internal Offer? RemoveOffer(string id)
    {
        ItemId item;
        lock (_gate)
        {
            if (!_byId.TryGetValue(id, out var held))
            {
                return null;
            }

            item = held.Item;
        }

        return Remove(item);
    }

    /// <summary>One page of the offers matching <paramref name="query"/>, in its order, with the total count.</summary>
    public MarketPage<Offer> List(OfferQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var offset = PageToken.Offset(query.PageToken);
        var size = PageToken.Size(query.PageSize);
        if (query.Currency is not null)
        {
            MarketRules.Currency(query.Currency, "currency");
        }

        if (query.MinAmountSats is < 0 || query.MaxAmountSats is < 0 || query.MinAmountSats > query.MaxAmountSats)
        {
            throw new InvalidInputException("max_amount_sats", "The fields min_amount_sats and max_amount_sats must not be negative, and max_amount_sats must not be below min_amount_sats.");
        }

        var items = new List<Offer>(Math.Min(size, 64));
        var total = 0;
        lock (_gate)
        {
            var source = Source(query);
            var descending = query.IsDescending;
            for (var i = 0; i < source.Length; i++)
            {
                var offer = source[descending ? source.Length - 1 - i : i];
                if (!query.Matches(offer))
                {
                    continue;
                }

                if (total >= offset && items.Count < size)
                {
                    items.Add(offer);
                }

                total++;
            }
        }

        return new MarketPage<Offer>(items, total, PageToken.Next(offset, size, total));
    }

    /// <summary>
    /// The reference price of <paramref name="currency"/>: the median fixed price of the offers in it that have not
    /// expired at <paramref name="now"/>, both directions (for an even count, the exact mean of the two middle
    /// prices). Null when there is none.
    /// </summary>
    public MarketPrice? ReferencePrice(string currency, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Offer[] prices;
        lock (_gate)
        {
            if (!_byCurrency.ContainsKey(currency))
            {
                return null;
            }

            prices = Source(new OfferQuery { Currency = currency });
        }

        // The snapshot is in price order already: keep the live ones and take the middle.
        var live = prices.Where(o => o.Expires > now).ToList();
        if (live.Count == 0)
        {
            return null;
        }

        var middle = live.Count / 2;
        var median = live.Count % 2 == 1 ? live[middle].Price : (live[middle - 1].Price + live[middle].Price) / 2;
        return new MarketPrice(currency, median, live.Count);
    }

    private Offer[] Source(OfferQuery query)
    {
        if (query.Sort == OfferSort.Created)
        {
            return _createdSnapshot ??= [.. _byCreated];
        }

        if (query.Currency is not null)
        {
            if (_priceSnapshots.TryGetValue(query.Currency, out var snapshot))
            {
                return snapshot;
            }

            return _byCurrency.TryGetValue(query.Currency, out var prices) ? _priceSnapshots[query.Currency] = [.. prices] : [];
        }

        return _allPricesSnapshot ??= [.. _byCurrency.SelectMany(p => p.Value)];
    }

    private void Invalidate(string currency)
    {
        _priceSnapshots.Remove(currency);
        _createdSnapshot = null;
        _allPricesSnapshot = null;
    }

    private void RemoveLocked(Offer offer, ItemId itemId)
    {
        Invalidate(offer.Currency);
        _byItem.Remove(itemId);
        _byCreated.Remove(offer);
        if (_byCurrency.TryGetValue(offer.Currency, out var prices) && prices.Remove(offer) && prices.Count == 0)
        {
            _byCurrency.Remove(offer.Currency);
        }
    }
}
