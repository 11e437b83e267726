using TradeNode.Core.Trades.Ratings;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// Goods orders as rateable trades: this node rates when it is the order's buyer and the order completed (the payout
/// to the vendor confirmed). The signed contract is the order's (buyer's and vendor's signatures), the escrow outpoint
/// the order's funding output. Only goods orders are rateable: a goods contract holds no payment account details, so
/// publishing it with the rating reveals nothing personal (the shipping address is not in the contract).
/// </summary>
public sealed class OrderRatingSource(OrderService orders) : IRatingTradeSource
{
    /// <inheritdoc/>
    public RateableTrade? Find(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (orders.Find(tradeId) is not { } order)
        {
            return null;
        }

        var signed = order.Contract.Length > 0 && order.BuyerSignature.Length > 0 && order.VendorSignature.Length > 0 ? order.SignedContract : null;
        var outpoint = order.FundingTxid.Length > 0 ? order.FundingOutpoint : null;
        return new RateableTrade(order.Id, order.IsBuyer, order.State == OrderState.Completed, signed, outpoint, order.ListingId);
    }
}
