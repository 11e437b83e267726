namespace TradeNode.Chain;

/// <summary>
/// A transaction found by id: confirmed (with its block) or in the mempool (no block, zero confirmations).
/// </summary>
public sealed record ChainTransaction(Transaction Transaction, UInt256? BlockHash, int? BlockHeight, int Confirmations, DateTimeOffset? BlockTime);
