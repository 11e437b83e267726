namespace TradeNode.Bitcoin;

/// <summary>Which signature hash algorithm applies: the original one, or BIP143's for segwit v0.</summary>
public enum HashVersion
{
    Original = 0,
    WitnessV0 = 1,
}
