namespace TradeNode.Bitcoin.Scripting;

/// <summary>P2WPKH (BIP141): OP_0 &lt;20-byte key hash&gt;.</summary>
public sealed class PayToWitPubKeyHashTemplate
{
    private PayToWitPubKeyHashTemplate()
    {
    }

    public static PayToWitPubKeyHashTemplate Instance { get; } = new();

    /// <summary>The output for a compressed key; uncompressed keys are refused because their spends are non-standard (BIP143).</summary>
    public Script GenerateScriptPubKey(PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        if (!pubKey.IsCompressed)
        {
            throw new ArgumentException("P2WPKH needs a compressed public key: uncompressed keys make the output unspendable by standard rules.", nameof(pubKey));
        }

        return GenerateScriptPubKey(pubKey.Hash160);
    }

    public Script GenerateScriptPubKey(ReadOnlySpan<byte> pubKeyHash)
    {
        TemplateChecks.RequireLength(pubKeyHash, 20, nameof(pubKeyHash), "A P2WPKH key hash");
        return new Script([0x00, 0x14, .. pubKeyHash]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return scriptPubKey.IsPayToWitnessPubKeyHash;
    }

    /// <summary>The 20-byte key hash, or null when the script is not P2WPKH.</summary>
    public byte[]? ExtractScriptPubKeyParameters(Script scriptPubKey) =>
        CheckScriptPubKey(scriptPubKey) ? scriptPubKey.Span[2..].ToArray() : null;
}
