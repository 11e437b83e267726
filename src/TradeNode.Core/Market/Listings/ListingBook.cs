using TradeNode.P2P.Items;

namespace TradeNode.Core.Market.Listings;

/// <summary>
/// The in-memory listing book: every valid live listing by id with its lower-cased text for search. Listings are
/// far fewer than offers and searched by text, so a search is a scan that scores each listing. Thread-safe;
/// <see cref="Changed"/> is raised outside the lock. When two vendors use the same id the listing seen first keeps it.
/// </summary>
public sealed class ListingBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<ItemId, string> _byItem = [];

    /// <summary>Raised after each change of the book.</summary>
    public event EventHandler<ListingChange>? Changed;

    /// <summary>How many listings the book holds.</summary>
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

    /// <summary>The listing with <paramref name="id"/>, or null.</summary>
    public Listing? Get(string id)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(id, out var entry) ? entry.Listing : null;
        }
    }

    /// <summary>The listing published as item <paramref name="itemId"/>, or null.</summary>
    public Listing? GetByItem(ItemId itemId)
    {
        lock (_gate)
        {
            return _byItem.TryGetValue(itemId, out var id) ? _byId[id].Listing : null;
        }
    }

    /// <summary>Adds <paramref name="listing"/> or replaces the vendor's older version; null when ignored.</summary>
    public MarketChangeKind? Apply(ItemId itemId, Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        MarketChangeKind kind;
        lock (_gate)
        {
            if (_byId.TryGetValue(listing.Id, out var held))
            {
                if (held.Listing.VendorKey != listing.VendorKey || held.Listing.Sequence >= listing.Sequence)
                {
                    return null;
                }

                _byItem.Remove(held.Item);
                kind = MarketChangeKind.Updated;
            }
            else
            {
                kind = MarketChangeKind.Added;
            }

            _byId[listing.Id] = new Entry(listing, itemId, listing.Title.ToLowerInvariant(), listing.Description.ToLowerInvariant());
            _byItem[itemId] = listing.Id;
        }

        Changed?.Invoke(this, new ListingChange(kind, listing));
        return kind;
    }

    /// <summary>Removes the listing published as item <paramref name="itemId"/>; returns it, or null.</summary>
    public Listing? Remove(ItemId itemId)
    {
        Listing listing;
        lock (_gate)
        {
            if (!_byItem.Remove(itemId, out var id))
            {
                return null;
            }

            listing = _byId[id].Listing;
            _byId.Remove(id);
        }

        Changed?.Invoke(this, new ListingChange(MarketChangeKind.Removed, listing));
        return listing;
    }

    /// <summary>Removes the listing <paramref name="id"/> whatever item holds it.</summary>
    internal Listing? RemoveListing(string id)
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

    /// <summary>One page of the listings matching <paramref name="query"/>, in its order, with the total count.</summary>
    public MarketPage<Listing> Search(ListingQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var offset = PageToken.Offset(query.PageToken);
        var size = PageToken.Size(query.PageSize);
        var words = Words(query.Text);
        var matches = new List<(Listing Listing, int Score)>();
        lock (_gate)
        {
            foreach (var entry in _byId.Values)
            {
                if (query.MatchesFilters(entry.Listing) && Score(entry, words) is { } score)
                {
                    matches.Add((entry.Listing, score));
                }
            }
        }

        IOrderedEnumerable<(Listing Listing, int Score)> ordered = query.Sort switch
        {
            ListingSort.Price or ListingSort.PriceDescending => matches
                .OrderBy(m => m.Listing.Price.Sats is null)
                .ThenBy(m => m.Listing.Price.Fiat?.Currency, StringComparer.Ordinal)
                .ThenBy(m => m.Listing.Price.Sats ?? 0)
                .ThenBy(m => m.Listing.Price.Fiat?.Amount ?? 0),
            ListingSort.Newest => matches.OrderBy(_ => 0),
            _ => matches.OrderByDescending(m => m.Score),
        };
        IEnumerable<(Listing Listing, int Score)> all = ordered
            .ThenByDescending(m => m.Listing.Created)
            .ThenBy(m => m.Listing.Id, StringComparer.Ordinal);
        if (query.Sort == ListingSort.PriceDescending)
        {
            all = all.Reverse();
        }

        var page = all
            .Skip(offset)
            .Take(size)
            .Select(m => m.Listing)
            .ToList();
        return new MarketPage<Listing>(page, matches.Count, PageToken.Next(offset, size, matches.Count));
    }

    /// <summary>The lower-case words of a search text (split on anything that is not a letter, digit or '-').</summary>
    internal static IReadOnlyList<string> Words(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : [.. text.ToLowerInvariant().Split(text.Where(c => !char.IsLetterOrDigit(c) && c != '-').Distinct().ToArray(), StringSplitOptions.RemoveEmptyEntries).Distinct()];

    /// <summary>Null when a word is missing; else 3 per word in the title, 2 per word in a tag, 1 per word in the description.</summary>
    private static int? Score(Entry entry, IReadOnlyList<string> words)
    {
        var score = 0;
        foreach (var word in words)
        {
            var inTitle = entry.Title.Contains(word, StringComparison.Ordinal);
            var inTags = entry.Listing.Tags.Any(t => t.Contains(word, StringComparison.Ordinal));
            var inDescription = entry.Description.Contains(word, StringComparison.Ordinal);
            if (!inTitle && !inTags && !inDescription)
            {
                return null;
            }

            score += (inTitle ? 3 : 0) + (inTags ? 2 : 0) + (inDescription ? 1 : 0);
        }

        return score;
    }

    private sealed record Entry(Listing Listing, ItemId Item, string Title, string Description);
}
