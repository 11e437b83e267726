using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

public sealed partial class Transaction
{
    /// <summary>
    /// The hash an input's signature commits to. <paramref name="hashType"/> is the raw 32-bit hash type (the last
    /// byte of a signature in practice); <paramref name="amount"/> is only used by BIP143.
    /// </summary>
    public UInt256 GetSignatureHash(Script scriptCode, int inputIndex, uint hashType, Money amount, HashVersion version, PrecomputedTransactionData? precomputed = null)
    {
        ArgumentNullException.ThrowIfNull(scriptCode);
        if (version is HashVersion.Taproot or HashVersion.Tapscript)
        {
            throw new ArgumentException("Taproot signature hashes come from GetTaprootSignatureHash.", nameof(version));
        }

        return version == HashVersion.WitnessV0
            ? GetWitnessV0SignatureHash(scriptCode, inputIndex, hashType, amount, precomputed)
            : GetLegacySignatureHash(scriptCode, inputIndex, hashType);
    }

    public UInt256 GetSignatureHash(Script scriptCode, int inputIndex, SigHash hashType, Money amount, HashVersion version, PrecomputedTransactionData? precomputed = null) =>
        GetSignatureHash(scriptCode, inputIndex, (uint)hashType, amount, version, precomputed);

    /// <summary>BIP143 signature hash for segwit version 0 inputs.</summary>
    private UInt256 GetWitnessV0SignatureHash(Script scriptCode, int inputIndex, uint hashType, Money amount, PrecomputedTransactionData? precomputed)
    {
        if (inputIndex < 0 || inputIndex >= Inputs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(inputIndex), "The input index is outside the transaction.");
        }

        var anyoneCanPay = (hashType & (uint)SigHash.AnyoneCanPay) != 0;
        var baseType = hashType & 0x1f;
        var zero = new byte[32];
        precomputed ??= new PrecomputedTransactionData(this);

        // BIP143: hashPrevouts is zero with ANYONECANPAY; hashSequence also with SINGLE or NONE.
        var hashPrevouts = anyoneCanPay ? zero : precomputed.HashPrevouts;
        var hashSequence = anyoneCanPay || baseType == (uint)SigHash.Single || baseType == (uint)SigHash.None ? zero : precomputed.HashSequence;
        byte[] hashOutputs;
        if (baseType != (uint)SigHash.Single && baseType != (uint)SigHash.None)
        {
            hashOutputs = precomputed.HashOutputs;
        }
        else if (baseType == (uint)SigHash.Single && inputIndex < Outputs.Count)
        {
            var single = new BitcoinWriter();
            WriteOutput(single, Outputs[inputIndex]);
            hashOutputs = Hashes.DoubleSHA256(single.WrittenSpan);
        }
        else
        {
            hashOutputs = zero;
        }

        var input = Inputs[inputIndex];
        var writer = new BitcoinWriter(256 + scriptCode.Length);
        writer.WriteUInt32(Version);
        writer.Write(hashPrevouts);
        writer.Write(hashSequence);
        input.PrevOut.Write(writer);
        writer.WriteVarBytes(scriptCode.Span);
        writer.WriteInt64(amount.Satoshi);
        writer.WriteUInt32(input.Sequence);
        writer.Write(hashOutputs);
        writer.WriteUInt32(LockTime);
        writer.WriteUInt32(hashType);
        return Hashes.DoubleSHA256Hash(writer.WrittenSpan);
    }

    /// <summary>The original signature hash, with its historical quirks (Bitcoin Core's SignatureHash, SigVersion::BASE).</summary>
    private UInt256 GetLegacySignatureHash(Script scriptCode, int inputIndex, uint hashType)
    {
        // The "SIGHASH_SINGLE bug": an out-of-range index hashes to the number one rather than failing.
        if (inputIndex < 0 || inputIndex >= Inputs.Count)
        {
            return UInt256.One;
        }

        var anyoneCanPay = (hashType & (uint)SigHash.AnyoneCanPay) != 0;
        var hashSingle = (hashType & 0x1f) == (uint)SigHash.Single;
        var hashNone = (hashType & 0x1f) == (uint)SigHash.None;
        if (hashSingle && inputIndex >= Outputs.Count)
        {
            return UInt256.One;
        }

        var writer = new BitcoinWriter(256 + scriptCode.Length);
        writer.WriteUInt32(Version);

        var inputCount = anyoneCanPay ? 1 : Inputs.Count;
        writer.WriteCompactSize((ulong)inputCount);
        for (var i = 0; i < inputCount; i++)
        {
            var index = anyoneCanPay ? inputIndex : i;
            var input = Inputs[index];
            input.PrevOut.Write(writer);
            if (index == inputIndex)
            {
                WriteScriptCodeWithoutCodeSeparators(writer, scriptCode.Span);
            }
            else
            {
                writer.WriteCompactSize(0);
            }

            writer.WriteUInt32(index != inputIndex && (hashSingle || hashNone) ? 0 : input.Sequence);
        }

        var outputCount = hashNone ? 0 : hashSingle ? inputIndex + 1 : Outputs.Count;
        writer.WriteCompactSize((ulong)outputCount);
        for (var i = 0; i < outputCount; i++)
        {
            if (hashSingle && i != inputIndex)
            {
                // An empty CTxOut: value -1 and an empty script.
                writer.WriteInt64(-1);
                writer.WriteCompactSize(0);
            }
            else
            {
                WriteOutput(writer, Outputs[i]);
            }
        }

        writer.WriteUInt32(LockTime);
        writer.WriteUInt32(hashType);
        return Hashes.DoubleSHA256Hash(writer.WrittenSpan);
    }

    private static void WriteScriptCodeWithoutCodeSeparators(BitcoinWriter writer, ReadOnlySpan<byte> scriptCode)
    {
        var separators = 0;
        var pc = 0;
        while (Script.TryReadOp(scriptCode, ref pc, out var code, out _))
        {
            if (code == OpcodeType.OP_CODESEPARATOR)
            {
                separators++;
            }
        }

        writer.WriteCompactSize((ulong)(scriptCode.Length - separators));
        pc = 0;
        var begin = 0;
        while (Script.TryReadOp(scriptCode, ref pc, out var code, out _))
        {
            if (code == OpcodeType.OP_CODESEPARATOR)
            {
                writer.Write(scriptCode[begin..(pc - 1)]);
                begin = pc;
            }
        }

        if (begin < scriptCode.Length)
        {
            writer.Write(scriptCode[begin..]);
        }
    }
}
