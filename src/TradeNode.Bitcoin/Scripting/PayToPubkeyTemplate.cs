namespace TradeNode.Bitcoin.Scripting;

/// <summary>Bare pay-to-pubkey: &lt;public key&gt; OP_CHECKSIG.</summary>
public sealed class PayToPubkeyTemplate
{
    private PayToPubkeyTemplate()
    {
    }

    public static PayToPubkeyTemplate Instance { get; } = new();

    public Script GenerateScriptPubKey(PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return new Script([(byte)pubKey.Span.Length, .. pubKey.Span, (byte)OpcodeType.OP_CHECKSIG]);
    }

    public bool CheckScriptPubKey(Script scriptPubKey) => ExtractScriptPubKeyParameters(scriptPubKey) is not null;

    /// <summary>The public key, or null when the script is not a push of a valid key followed by OP_CHECKSIG.</summary>
    public PubKey? ExtractScriptPubKeyParameters(Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        var s = scriptPubKey.Span;
        if (s.Length is not (35 or 67) || s[0] != s.Length - 2 || s[^1] != (byte)OpcodeType.OP_CHECKSIG)
        {
            return null;
        }

        return PubKey.TryCreate(s[1..^1], out var pubKey) ? pubKey : null;
    }
}
