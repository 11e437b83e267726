namespace TradeNode.Core.Wallet.CoinSelection;

/// <summary>
/// A coin as coin selection sees it: its value, its effective value (value minus the fee to spend it now, or the
/// value itself when the recipient pays the fee), the fee to spend it now and at the long-term rate.
/// </summary>
internal sealed record SelectionCandidate(string Id, long Value, long EffectiveValue, long Fee, long LongTermFee);
