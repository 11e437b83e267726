namespace TradeNode.Bitcoin.Descriptors;

/// <summary>The trailing <c>/*</c> of a ranged key: none, unhardened, or hardened (<c>/*'</c> or <c>/*h</c>).</summary>
internal enum Wildcard
{
    None,
    Unhardened,
    Hardened,
}
