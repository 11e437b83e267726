namespace TradeNode.Bitcoin.Scripting;

/// <summary>P2WSH (BIP141): OP_0 &lt;32-byte SHA256 of the witness script&gt;.</summary>
public sealed class PayToWitScriptHashTemplate
{
    private PayToWitScriptHashTemplate()
    {
    }

    public static PayToWitScriptHashTemplate Instance { get; } = new();

    /// <summary>The output that pays to <paramref name="witnessScript"/> through its single SHA256.</summary>
    public Script GenerateScriptPubKey(Script witnessScript)
    {
        ArgumentNullException.ThrowIfNull(witnessScript);
        return GenerateScriptPubKey(witnessScript.WitnessHash);
    }

    public Script GenerateScriptPubKey(ReadOnlySpan<byte> scriptHash)
    {
        TemplateChecks.RequireLength(scriptHash, 32, nameof(scriptHash), "A P2WSH script hash");
        return new Script([0x00, 0x20, .. scriptHash]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        return scriptPubKey.IsPayToWitnessScriptHash;
    }

    /// <summary>The 32-byte script hash, or null when the script is not P2WSH.</summary>
    public byte[]? ExtractScriptPubKeyParameters(Script scriptPubKey) =>
        CheckScriptPubKey(scriptPubKey) ? scriptPubKey.Span[2..].ToArray() : null;
}
