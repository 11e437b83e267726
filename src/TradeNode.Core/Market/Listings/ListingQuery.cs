using TradeNode.P2P.Identity;

namespace TradeNode.Core.Market.Listings;

/// <summary>Filters, order and page of a listing search. Every filter left null or empty matches everything.</summary>
public sealed record ListingQuery
{
    /// <summary>Words that must all appear (case-insensitive, as parts of words) in the title, description or tags.</summary>
    public string? Text { get; init; }

    /// <summary>Tags the listing must all carry.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Only listings of this vendor.</summary>
    public NodeId? Vendor { get; init; }

    /// <summary>Only listings priced in satoshis at or above this.</summary>
    public long? MinPriceSats { get; init; }

    /// <summary>Only listings priced in satoshis at or below this.</summary>
    public long? MaxPriceSats { get; init; }

    /// <summary>Only listings in this condition.</summary>
    public ListingCondition? Condition { get; init; }

    /// <summary>The order; relevance by default.</summary>
    public ListingSort Sort { get; init; } = ListingSort.Relevance;

    /// <summary>Listings per page, 1 to 500; 0 means 100.</summary>
    public int PageSize { get; init; }

    /// <summary>The previous page's <see cref="MarketPage{T}.NextPageToken"/>, or null for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>True when <paramref name="listing"/> passes every filter except the text (which <see cref="ListingBook"/> scores).</summary>
    public bool MatchesFilters(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return (Vendor is null || listing.VendorId == Vendor)
            && (Condition is null || listing.Condition == Condition)
            && (MinPriceSats is null || listing.Price.Sats >= MinPriceSats)
            && (MaxPriceSats is null || listing.Price.Sats <= MaxPriceSats)
            && Tags.All(t => listing.Tags.Contains(t.ToLowerInvariant(), StringComparer.Ordinal));
    }
}
