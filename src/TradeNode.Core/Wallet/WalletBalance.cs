namespace TradeNode.Core.Wallet;

/// <summary>
/// The wallet's balances in satoshis. <see cref="Confirmed"/>: unspent coins in blocks (coinbase only once mature).
/// <see cref="Unconfirmed"/>: unspent coins of mempool transactions (incoming and our own change).
/// <see cref="Immature"/>: coinbase outputs younger than 100 blocks. <see cref="Reserved"/>: spendable coins set
/// aside for offers and trades. <see cref="Available"/>: what a send may spend now, confirmed plus our own
/// unconfirmed change, minus reserved.
/// </summary>
public sealed record WalletBalance(long Confirmed, long Unconfirmed, long Immature, long Reserved, long Available);
