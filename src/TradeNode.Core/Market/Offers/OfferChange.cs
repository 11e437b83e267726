namespace TradeNode.Core.Market.Offers;

/// <summary>One change of the offer book, as <see cref="OfferService.WatchAsync"/> streams it.</summary>
/// <param name="Kind">Added, updated or removed.</param>
/// <param name="Offer">The offer after the change (for a removal: as it was last seen).</param>
public sealed record OfferChange(MarketChangeKind Kind, Offer Offer);
