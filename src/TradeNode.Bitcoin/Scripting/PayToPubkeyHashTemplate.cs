namespace TradeNode.Bitcoin.Scripting;

/// <summary>P2PKH: OP_DUP OP_HASH160 &lt;20-byte key hash&gt; OP_EQUALVERIFY OP_CHECKSIG.</summary>
public sealed class PayToPubkeyHashTemplate
{
    private PayToPubkeyHashTemplate()
    {
    }

    public static PayToPubkeyHashTemplate Instance { get; } = new();

    public Script GenerateScriptPubKey(PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return GenerateScriptPubKey(pubKey.Hash160);
    }

    /// <summary>The output for a 20-byte HASH160 of a public key.</summary>
    public Script GenerateScriptPubKey(ReadOnlySpan<byte> pubKeyHash)
    {
        TemplateChecks.RequireLength(pubKeyHash, 20, nameof(pubKeyHash), "A P2PKH key hash");
        return new Script([0x76, 0xa9, 0x14, .. pubKeyHash, 0x88, 0xac]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var s = scriptPubKey.Span;
        return s.Length == 25 && s[0] == 0x76 && s[1] == 0xa9 && s[2] == 0x14 && s[23] == 0x88 && s[24] == 0xac;
    }

    /// <summary>The 20-byte key hash, or null when the script is not P2PKH.</summary>
    public byte[]? ExtractScriptPubKeyParameters(Script scriptPubKey) =>
        CheckScriptPubKey(scriptPubKey) ? scriptPubKey.Span.Slice(3, 20).ToArray() : null;
}
