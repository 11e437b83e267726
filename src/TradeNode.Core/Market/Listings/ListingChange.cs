namespace TradeNode.Core.Market.Listings;

/// <summary>One change of the listing book, as <see cref="ListingService.WatchAsync"/> streams it.</summary>
/// <param name="Kind">Added, updated or removed.</param>
/// <param name="Listing">The listing after the change (for a removal: as it was last seen).</param>
public sealed record ListingChange(MarketChangeKind Kind, Listing Listing);
