namespace TradeNode.Core.Market.Listings;

/// <summary>Orders of a listing search.</summary>
public enum ListingSort
{
    /// <summary>
    /// Best text match first (a word in the title counts 3, in a tag 2, in the description 1), then newest; without
    /// search text the same as <see cref="Newest"/>.
    /// </summary>
    Relevance,

    /// <summary>Newest creation first, then id.</summary>
    Newest,

    /// <summary>
    /// Cheapest first: listings priced in satoshis by amount, then fiat-priced ones grouped by currency (A to Z) by
    /// amount; ties by newest.
    /// </summary>
    Price,

    /// <summary>Dearest first: the exact reverse of <see cref="Price"/> (ties by oldest, then id descending).</summary>
    PriceDescending,
}
