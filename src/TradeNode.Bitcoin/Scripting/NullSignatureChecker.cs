namespace TradeNode.Bitcoin.Scripting;

/// <summary>A checker with no transaction: every signature and lock-time check fails.</summary>
public sealed class NullSignatureChecker : ISignatureChecker
{
    public static NullSignatureChecker Instance { get; } = new();

    public bool CheckEcdsaSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, Script scriptCode, HashVersion version) => false;

    public bool CheckSchnorrSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, HashVersion version, ScriptExecutionData execution, out ScriptError error)
    {
        error = ScriptError.SchnorrSig;
        return false;
    }

    public bool CheckLockTime(long lockTime) => false;

    public bool CheckSequence(long sequence) => false;
}
