namespace TradeNode.Chain;

/// <summary>An unspent output as gettxout reports it: the best block, confirmations (0 in the mempool), value and script.</summary>
public sealed record TxOutInfo(UInt256 BestBlock, int Confirmations, TxOut Output, bool IsCoinBase);
