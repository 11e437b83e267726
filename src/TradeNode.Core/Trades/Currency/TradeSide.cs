namespace TradeNode.Core.Trades.Currency;

/// <summary>Which side of the bitcoin this node is on in a trade.</summary>
public enum TradeSide
{
    /// <summary>Pays fiat, receives bitcoin.</summary>
    Buyer,

    /// <summary>Receives fiat, sells bitcoin.</summary>
    Seller,
}
