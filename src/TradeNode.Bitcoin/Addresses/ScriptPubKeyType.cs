namespace TradeNode.Bitcoin.Addresses;

/// <summary>Which output a single key pays to.</summary>
public enum ScriptPubKeyType
{
    /// <summary>P2PKH.</summary>
    Legacy,

    /// <summary>P2WPKH (native segwit v0).</summary>
    Segwit,

    /// <summary>P2SH wrapping P2WPKH (BIP49 style).</summary>
    SegwitP2SH,

    /// <summary>P2TR key-path only: the key tweaked with an empty script tree (BIP86).</summary>
    TaprootBIP86,
}
