namespace TradeNode.Bitcoin.Descriptors;

/// <summary>The top-level function of an output descriptor.</summary>
public enum DescriptorType
{
    /// <summary><c>pk(KEY)</c>: pay to a bare public key (BIP381).</summary>
    Pk,

    /// <summary><c>pkh(KEY)</c>: pay to a public key hash (BIP381).</summary>
    Pkh,

    /// <summary><c>wpkh(KEY)</c>: pay to a witness public key hash (BIP382).</summary>
    Wpkh,

    /// <summary><c>sh(SCRIPT)</c>: pay to a script hash (BIP381).</summary>
    Sh,

    /// <summary><c>wsh(SCRIPT)</c>: pay to a witness script hash (BIP382).</summary>
    Wsh,

    /// <summary><c>multi(k,KEY,...)</c>: k-of-n CHECKMULTISIG with keys in the given order (BIP383).</summary>
    Multi,

    /// <summary><c>sortedmulti(k,KEY,...)</c>: k-of-n CHECKMULTISIG with keys sorted (BIP383, BIP67 order).</summary>
    SortedMulti,

    /// <summary><c>combo(KEY)</c>: P2PK, P2PKH and, for compressed keys, P2WPKH and P2SH-P2WPKH (BIP384).</summary>
    Combo,

    /// <summary><c>raw(HEX)</c>: a literal script (BIP385).</summary>
    Raw,

    /// <summary><c>addr(ADDRESS)</c>: the script of an address (BIP385).</summary>
    Addr,
}
