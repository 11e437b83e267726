namespace TradeNode.Core.Wallet;

/// <summary>
/// The wallet's balances in satoshis. <see cref="Confirmed"/>: unspent coins in blocks (coinbase only once mature).
/// <see cref="Unconfirmed"/>: unspent coins of mempool transactions (incoming and our own change).
/// <see cref="Immature"/>: coinbase outputs younger than 100 blocks. <see cref="Reserved"/>: spendable coins set
/// aside for trades and orders (coin reservations). <see cref="Held"/>: amounts promised to open offers (holds: no
/// coins picked). <see cref="Available"/>: what a send may spend now: confirmed plus our own unconfirmed change,
/// minus reserved coins, minus what trades and offers are promised; never below zero.
/// </summary>
public sealed record WalletBalance(long Confirmed, long Unconfirmed, long Immature, long Reserved, long Available, long Held = 0);
