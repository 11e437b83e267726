namespace TradeNode.Core.Market.Offers;

/// <summary>The maker's side of an offer, seen from bitcoin.</summary>
public enum OfferDirection
{
    /// <summary>The maker buys bitcoin (pays fiat).</summary>
    Buy = 1,

    /// <summary>The maker sells bitcoin (receives fiat).</summary>
    Sell = 2,
}
