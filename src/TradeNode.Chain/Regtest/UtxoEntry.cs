namespace TradeNode.Chain.Regtest;

/// <summary>An unspent output with the height of the block that created it (or the next height, in the mempool).</summary>
public sealed record UtxoEntry(TxOut Output, int Height, bool IsCoinBase);
