using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain;

/// <summary>
/// A block header as Bitcoin Core's getblockheader reports it: height, confirmations (-1 when the block is not on
/// the active chain), median time past, the next block's hash and the transaction count.
/// </summary>
public sealed record ChainHeader(BlockHeader Header, int Height, int Confirmations, DateTimeOffset MedianTime, UInt256? NextBlockHash, int TransactionCount);
