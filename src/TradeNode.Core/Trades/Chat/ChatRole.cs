namespace TradeNode.Core.Trades.Chat;

/// <summary>The part a node plays in a trade's chat.</summary>
public enum ChatRole
{
    /// <summary>The bitcoin buyer of a currency trade, or the buyer of a goods order.</summary>
    Buyer,

    /// <summary>The bitcoin seller of a currency trade.</summary>
    Seller,

    /// <summary>The vendor of a goods order.</summary>
    Vendor,

    /// <summary>The trade's arbitrator, once a dispute is open.</summary>
    Arbitrator,
}
