using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Checks signatures and lock times against one input of a transaction (Bitcoin Core's TransactionSignatureChecker).
/// </summary>
public sealed class TransactionSignatureChecker : ISignatureChecker
{
    /// <summary>BIP65: lock times below this are block heights, at or above it UNIX times.</summary>
    public const long LockTimeThreshold = 500_000_000;

    private readonly PrecomputedTransactionData? _precomputed;

    public TransactionSignatureChecker(Transaction transaction, int inputIndex, Money amount, PrecomputedTransactionData? precomputed = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, transaction.Inputs.Count);
        Transaction = transaction;
        InputIndex = inputIndex;
        Amount = amount;
        _precomputed = precomputed;
    }

    public Transaction Transaction { get; }

    public int InputIndex { get; }

    /// <summary>The value of the output being spent; BIP143 signatures commit to it.</summary>
    public Money Amount { get; }

    public bool CheckEcdsaSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, Script scriptCode, HashVersion version)
    {
        ArgumentNullException.ThrowIfNull(scriptCode);
        if (signature.IsEmpty || !PubKey.TryCreate(pubKey, out var key))
        {
            return false;
        }

        // The hash type is the byte after the DER signature.
        uint hashType = signature[^1];
        if (!ECDSASignature.TryParseLax(signature[..^1], out var parsed))
        {
            return false;
        }

        var hash = Transaction.GetSignatureHash(scriptCode, InputIndex, hashType, Amount, version, _precomputed);
        return key.Verify(hash, parsed);
    }

    /// <remarks>
    /// Taproot signatures commit to every spent output: without a <see cref="PrecomputedTransactionData"/> built
    /// with them the check fails with <see cref="ScriptError.UnknownError"/>.
    /// </remarks>
    public bool CheckSchnorrSignature(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> pubKey, HashVersion version, ScriptExecutionData execution, out ScriptError error)
    {
        ArgumentNullException.ThrowIfNull(execution);
        error = ScriptError.Ok;
        if (signature.Length is not (64 or 65))
        {
            error = ScriptError.SchnorrSigSize;
            return false;
        }

        // 64 bytes mean SIGHASH_DEFAULT; a 65th byte must name another type explicitly.
        byte hashType = 0;
        if (signature.Length == 65)
        {
            hashType = signature[64];
            signature = signature[..64];
            if (hashType == 0)
            {
                error = ScriptError.SchnorrSigHashType;
                return false;
            }
        }

        if (_precomputed?.SpentOutputs is null)
        {
            error = ScriptError.UnknownError;
            return false;
        }

        var tapleafHash = version == HashVersion.Tapscript ? execution.TapleafHash : null;
        var hash = Transaction.GetTaprootSignatureHash(InputIndex, hashType, _precomputed, execution.Annex, tapleafHash, execution.CodeSeparatorPosition);
        if (hash is null)
        {
            error = ScriptError.SchnorrSigHashType;
            return false;
        }

        if (!Bip340.Verify(pubKey, hash.Span, signature))
        {
            error = ScriptError.SchnorrSig;
            return false;
        }

        return true;
    }

    public bool CheckLockTime(long lockTime)
    {
        long txLockTime = Transaction.LockTime;

        // Both must be heights or both times, else the comparison means nothing.
        if ((txLockTime < LockTimeThreshold) != (lockTime < LockTimeThreshold))
        {
            return false;
        }

        if (lockTime > txLockTime)
        {
            return false;
        }

        // A final input would let the transaction skip its nLockTime altogether.
        return Transaction.Inputs[InputIndex].Sequence != TxIn.SequenceFinal;
    }

    public bool CheckSequence(long sequence)
    {
        long txSequence = Transaction.Inputs[InputIndex].Sequence;

        // BIP68 applies only from version 2.
        if (Transaction.Version < 2)
        {
            return false;
        }

        if ((txSequence & TxIn.SequenceLockTimeDisableFlag) != 0)
        {
            return false;
        }

        const long mask = TxIn.SequenceLockTimeTypeFlag | TxIn.SequenceLockTimeMask;
        var txMasked = txSequence & mask;
        var masked = sequence & mask;
        if ((txMasked < TxIn.SequenceLockTimeTypeFlag) != (masked < TxIn.SequenceLockTimeTypeFlag))
        {
            return false;
        }

        return masked <= txMasked;
    }
}
