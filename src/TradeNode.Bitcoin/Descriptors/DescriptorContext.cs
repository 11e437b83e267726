namespace TradeNode.Bitcoin.Descriptors;

/// <summary>Where an expression sits, which decides what it may contain (BIP381-383 nesting rules).</summary>
internal enum DescriptorContext
{
    Top,
    P2SH,
    P2WSH,
}
