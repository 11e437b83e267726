using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin.Fees;

/// <summary>
/// Estimates the virtual size a transaction will have once signed, from its unsigned form and how each input is
/// spent. Signatures are counted at 72 bytes (DER with high R plus the hash type), so the estimate is an upper
/// bound: a low-R signer pays at most one vbyte per signature more than needed.
/// </summary>
public static class TransactionSizeEstimator
{
    /// <summary>Largest DER signature with its hash type byte.</summary>
    public const int MaxSignatureLength = 72;

    private const int CompressedPubKeyLength = 33;

    private const int KeyPushLength = 1 + CompressedPubKeyLength;

    public static int EstimateVirtualSize(Transaction unsigned, IReadOnlyList<EstimatedInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(unsigned);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != unsigned.Inputs.Count)
        {
            throw new ArgumentException($"{inputs.Count} spend types were given for {unsigned.Inputs.Count} inputs.", nameof(inputs));
        }

        var baseSize = 4 + 4 + BitcoinWriter.CompactSizeLength((ulong)inputs.Count) + BitcoinWriter.CompactSizeLength((ulong)unsigned.Outputs.Count);
        foreach (var output in unsigned.Outputs)
        {
            baseSize += 8 + BitcoinWriter.CompactSizeLength((ulong)output.ScriptPubKey.Length) + output.ScriptPubKey.Length;
        }

        var witnessSize = 0;
        var anyWitness = false;
        foreach (var input in inputs)
        {
            var (scriptSig, witness) = EstimateInput(input);
            baseSize += 32 + 4 + 4 + BitcoinWriter.CompactSizeLength((ulong)scriptSig) + scriptSig;
            anyWitness |= witness > 0;
            witnessSize += witness;
        }

        if (anyWitness)
        {
            // Marker and flag, plus an empty witness (one zero byte) for every input without one.
            witnessSize += 2 + inputs.Count(i => EstimateInput(i).WitnessSize == 0);
        }

        var weight = (baseSize * Transaction.WitnessScaleFactor) + witnessSize;
        return (weight + Transaction.WitnessScaleFactor - 1) / Transaction.WitnessScaleFactor;
    }

    /// <summary>The scriptSig length and the serialized witness length (with its item count) of one signed input.</summary>
    public static (int ScriptSigSize, int WitnessSize) EstimateInput(EstimatedInput input)
    {
        const int sigPush = 1 + MaxSignatureLength;
        const int keyPush = 1 + CompressedPubKeyLength;
        switch (input.Kind)
        {
            case InputSpendKind.P2PKH:
                return (sigPush + keyPush, 0);
            case InputSpendKind.P2WPKH:
                return (0, 1 + sigPush + keyPush);
            case InputSpendKind.P2SHP2WPKH:
                return (1 + 22, 1 + sigPush + keyPush);
            case InputSpendKind.P2TRKeyPath:
                return (0, 1 + 1 + 64);
            case InputSpendKind.P2SHMultisig:
            {
                var script = MultisigScriptLength(input);
                return (1 + (input.RequiredSignatures * sigPush) + PushLength(script) + script, 0);
            }

            case InputSpendKind.P2WSHMultisig:
            {
                var script = MultisigScriptLength(input);
                var items = 1 + input.RequiredSignatures + 1;
                return (0, BitcoinWriter.CompactSizeLength((ulong)items) + 1 + (input.RequiredSignatures * sigPush)
                    + BitcoinWriter.CompactSizeLength((ulong)script) + script);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Kind, "Unknown input spend kind.");
        }
    }

    private static int MultisigScriptLength(EstimatedInput input)
    {
        if (input.RequiredSignatures < 1 || input.RequiredSignatures > input.TotalKeys || input.TotalKeys > 20)
        {
            throw new ArgumentException("Multisig needs 1 <= m <= n <= 20.", nameof(input));
        }

        // OP_m <33-byte key>×n OP_n OP_CHECKMULTISIG (m and n up to 16 are one-byte opcodes).
        return NumberLength(input.RequiredSignatures) + (input.TotalKeys * KeyPushLength) + NumberLength(input.TotalKeys) + 1;
    }

    private static int NumberLength(int value) => value <= 16 ? 1 : 2;

    /// <summary>Length of the opcode(s) that push <paramref name="length"/> bytes in a scriptSig.</summary>
    private static int PushLength(int length) => length < 76 ? 1 : length <= 0xff ? 2 : 3;
}
