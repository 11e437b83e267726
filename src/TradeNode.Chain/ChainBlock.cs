using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain;

/// <summary>A block of the active chain with its height and confirmations (1 for the tip).</summary>
public sealed record ChainBlock(Block Block, int Height, int Confirmations);
