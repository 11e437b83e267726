namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// What the interpreter asks of the transaction being verified (Bitcoin Core's BaseSignatureChecker): signature
/// checks and lock-time comparisons. Script evaluation without a transaction uses <see cref="NullSignatureChecker"/>.
/// </summary>
public interface ISignatureChecker
{
    /// <summary>
    /// Checks an ECDSA signature (DER followed by the hash type byte) for <paramref name="pubKey"/> over the
    /// signature hash of <paramref name="scriptCode"/>. Encoding rules have already been applied by the interpreter.
    /// </summary>
    bool CheckEcdsaSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, Script scriptCode, HashVersion version);

    /// <summary>
    /// Checks a BIP340 signature (64 bytes, or 65 with a non-zero hash type) for the 32-byte x-only
    /// <paramref name="pubKey"/> under BIP341 (<see cref="HashVersion.Taproot"/>) or BIP342
    /// (<see cref="HashVersion.Tapscript"/>). On failure <paramref name="error"/> is SCHNORR_SIG_SIZE,
    /// SCHNORR_SIG_HASHTYPE or SCHNORR_SIG.
    /// </summary>
    bool CheckSchnorrSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, HashVersion version, ScriptExecutionData execution, out ScriptError error);

    /// <summary>BIP65: whether the transaction's nLockTime satisfies <paramref name="lockTime"/>.</summary>
    bool CheckLockTime(long lockTime);

    /// <summary>BIP112: whether the input's nSequence satisfies <paramref name="sequence"/>.</summary>
    bool CheckSequence(long sequence);
}
