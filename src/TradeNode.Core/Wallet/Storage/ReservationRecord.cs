namespace TradeNode.Core.Wallet.Storage;

/// <summary>Coins set aside under an id (an offer, a trade): the amount asked and the outpoints picked for it.</summary>
internal sealed record ReservationRecord(string Id, long Amount, IReadOnlyList<string> Outpoints);
