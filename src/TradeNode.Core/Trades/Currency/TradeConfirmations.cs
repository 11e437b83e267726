namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// Confirmations of a trade's transactions when asked (<see cref="TradeService.GetConfirmationsAsync"/>): 0 in the
/// mempool, -1 when not published (or not built yet).
/// </summary>
/// <param name="Deposit">The deposit's confirmations.</param>
/// <param name="Payout">The payout's confirmations.</param>
public sealed record TradeConfirmations(int Deposit, int Payout);
