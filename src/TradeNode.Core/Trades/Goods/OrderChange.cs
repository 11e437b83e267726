namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// An order after one of its changes was persisted, or when the confirmations of its funding, payout or refund moved
/// (streamed by <see cref="OrderService.WatchAsync"/>).
/// </summary>
/// <param name="Order">The order as it now is.</param>
public sealed record OrderChange(GoodsOrder Order);
