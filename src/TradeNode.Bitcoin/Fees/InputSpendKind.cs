namespace TradeNode.Bitcoin.Fees;

/// <summary>How an input will be spent, which decides the size of its scriptSig and witness once signed.</summary>
public enum InputSpendKind
{
    /// <summary>Pay to public key hash: scriptSig &lt;sig&gt; &lt;compressed pubkey&gt;.</summary>
    P2PKH,

    /// <summary>P2WPKH nested in P2SH: scriptSig pushes the 22-byte redeem script, witness &lt;sig&gt; &lt;pubkey&gt;.</summary>
    P2SHP2WPKH,

    /// <summary>Native segwit v0 key hash: witness &lt;sig&gt; &lt;pubkey&gt;.</summary>
    P2WPKH,

    /// <summary>m-of-n multisig in P2SH: scriptSig OP_0 &lt;sig&gt;×m &lt;redeem script&gt;.</summary>
    P2SHMultisig,

    /// <summary>m-of-n multisig in P2WSH (the escrow): witness empty, &lt;sig&gt;×m, &lt;witness script&gt;.</summary>
    P2WSHMultisig,

    /// <summary>Taproot key path: witness &lt;64-byte Schnorr signature&gt;.</summary>
    P2TRKeyPath,
}
