namespace TradeNode.Core.Market.Offers;

/// <summary>Orders of an offer book page.</summary>
public enum OfferSort
{
    /// <summary>
    /// By price, then creation time, then id. Without a currency filter offers are grouped by currency (A to Z) first,
    /// since prices in different currencies do not compare.
    /// </summary>
    Price,

    /// <summary>By the maker's creation time, then id.</summary>
    Created,
}
