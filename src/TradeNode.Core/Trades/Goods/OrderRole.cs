namespace TradeNode.Core.Trades.Goods;

/// <summary>This node's side of a goods order.</summary>
public enum OrderRole
{
    /// <summary>This node bought the listing and funded the escrow.</summary>
    Buyer,

    /// <summary>This node published the listing.</summary>
    Vendor,
}
