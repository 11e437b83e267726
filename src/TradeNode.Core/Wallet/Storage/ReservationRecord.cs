namespace TradeNode.Core.Wallet.Storage;

/// <summary>
/// Funds set aside under an id. A coin reservation (a trade, an order) holds the amount asked and the outpoints
/// picked for it; a hold (an offer, <paramref name="IsHold"/>) holds an amount only, no coins.
/// </summary>
internal sealed record ReservationRecord(string Id, long Amount, IReadOnlyList<string> Outpoints, bool IsHold = false);
