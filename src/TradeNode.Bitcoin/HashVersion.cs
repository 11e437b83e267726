namespace TradeNode.Bitcoin;

/// <summary>
/// Which signature hash algorithm (and script rules) apply: the original one, BIP143's for segwit v0, or BIP341's
/// for taproot key-path spends and BIP342 tapscripts. Values match Bitcoin Core's SigVersion.
/// </summary>
public enum HashVersion
{
    Original = 0,
    WitnessV0 = 1,

    /// <summary>BIP341 key-path spending: the signature hash has no script.</summary>
    Taproot = 2,

    /// <summary>BIP342 script-path spending: the signature hash commits to the leaf.</summary>
    Tapscript = 3,
}
