namespace TradeNode.Core.Market.Listings;

/// <summary>Condition of the goods a listing sells.</summary>
public enum ListingCondition
{
    /// <summary>New, unused goods.</summary>
    New = 1,

    /// <summary>Used goods.</summary>
    Used = 2,

    /// <summary>Refurbished goods.</summary>
    Refurbished = 3,

    /// <summary>A digital good or a service: nothing is shipped.</summary>
    Digital = 4,
}
