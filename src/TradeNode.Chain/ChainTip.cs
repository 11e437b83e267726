namespace TradeNode.Chain;

/// <summary>The best block: its height, hash and median time past (BIP113).</summary>
public sealed record ChainTip(int Height, UInt256 Hash, DateTimeOffset MedianTime);
