namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// Confirmations of an order's transactions when asked (<see cref="OrderService.GetConfirmationsAsync"/>): 0 in the
/// mempool, -1 when not published (or not built yet).
/// </summary>
/// <param name="Funding">The funding's confirmations.</param>
/// <param name="Payout">The payout's confirmations.</param>
/// <param name="Refund">The refund's confirmations.</param>
public sealed record OrderConfirmations(int Funding, int Payout, int Refund);
