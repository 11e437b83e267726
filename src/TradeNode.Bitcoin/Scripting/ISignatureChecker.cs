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

    /// <summary>BIP65: whether the transaction's nLockTime satisfies <paramref name="lockTime"/>.</summary>
    bool CheckLockTime(long lockTime);

    /// <summary>BIP112: whether the input's nSequence satisfies <paramref name="sequence"/>.</summary>
    bool CheckSequence(long sequence);
}
