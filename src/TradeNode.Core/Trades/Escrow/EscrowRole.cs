namespace TradeNode.Core.Trades.Escrow;

/// <summary>The three keys of an escrow. In a goods order the vendor is the seller.</summary>
public enum EscrowRole
{
    Buyer,
    Seller,
    Arbitrator,
}
