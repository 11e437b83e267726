namespace TradeNode.Core.Market.Listings;

/// <summary>One way a vendor ships an order.</summary>
/// <param name="Name">Name shown to buyers, e.g. "Standard post".</param>
/// <param name="Regions">ISO 3166-1 alpha-2 country codes (upper case), or "WORLD".</param>
/// <param name="Price">Shipping price, in the same form as the listing's price (satoshis, or the same currency).</param>
public sealed record ShippingOption(string Name, IReadOnlyList<string> Regions, ListingPrice Price);
