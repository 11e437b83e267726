namespace TradeNode.Bitcoin.Scripting;

/// <summary>P2TR (BIP341): OP_1 &lt;32-byte x-only output key&gt;.</summary>
public sealed class PayToTaprootTemplate
{
    private PayToTaprootTemplate()
    {
    }

    public static PayToTaprootTemplate Instance { get; } = new();

    /// <summary>The output for a 32-byte x-only (BIP340) output key, already tweaked.</summary>
    public Script GenerateScriptPubKey(ReadOnlySpan<byte> outputKey)
    {
        TemplateChecks.RequireLength(outputKey, 32, nameof(outputKey), "A taproot output key");
        return new Script([(byte)OpcodeType.OP_1, 0x20, .. outputKey]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var s = scriptPubKey.Span;
        return s.Length == 34 && s[0] == (byte)OpcodeType.OP_1 && s[1] == 0x20;
    }

    /// <summary>The 32-byte output key, or null when the script is not P2TR.</summary>
    public byte[]? ExtractScriptPubKeyParameters(Script scriptPubKey) =>
        CheckScriptPubKey(scriptPubKey) ? scriptPubKey.Span[2..].ToArray() : null;
}
