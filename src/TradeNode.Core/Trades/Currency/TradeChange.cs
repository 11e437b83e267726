namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// A trade after one of its changes was persisted, or when the confirmations of its deposit or payout moved (streamed
/// by <see cref="TradeService.WatchAsync"/>).
/// </summary>
/// <param name="Trade">The trade as it now is.</param>
public sealed record TradeChange(CurrencyTrade Trade);
