namespace TradeNode.Bitcoin.Scripting;

/// <summary>P2SH (BIP16): OP_HASH160 &lt;20-byte script hash&gt; OP_EQUAL.</summary>
public sealed class PayToScriptHashTemplate
{
    private PayToScriptHashTemplate()
    {
    }

    public static PayToScriptHashTemplate Instance { get; } = new();

    /// <summary>The output that pays to <paramref name="redeemScript"/> through its HASH160.</summary>
    public Script GenerateScriptPubKey(Script redeemScript)
    {
        ArgumentNullException.ThrowIfNull(redeemScript);
        return GenerateScriptPubKey(redeemScript.Hash160);
    }

    public Script GenerateScriptPubKey(ReadOnlySpan<byte> scriptHash)
    {
        TemplateChecks.RequireLength(scriptHash, 20, nameof(scriptHash), "A P2SH script hash");
        return new Script([0xa9, 0x14, .. scriptHash, 0x87]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return scriptPubKey.IsPayToScriptHash;
    }

    /// <summary>The 20-byte script hash, or null when the script is not P2SH.</summary>
    public byte[]? ExtractScriptPubKeyParameters(Script scriptPubKey) =>
        CheckScriptPubKey(scriptPubKey) ? scriptPubKey.Span.Slice(2, 20).ToArray() : null;
}
