using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

public sealed partial class Transaction
{
    /// <summary>
    /// BIP341 signature hash (SigMsg with epoch 0, tagged "TapSighash") for input <paramref name="inputIndex"/>.
    /// With <paramref name="tapleafHash"/> it is BIP342's script-path form (extension flag 1). Returns null for an
    /// undefined hash type or SIGHASH_SINGLE without a matching output, which make a signature invalid.
    /// </summary>
    /// <param name="inputIndex">The input being signed.</param>
    /// <param name="hashType">0 (SIGHASH_DEFAULT), 1..3 or 0x81..0x83.</param>
    /// <param name="precomputed">Must have been built with the spent outputs.</param>
    /// <param name="annex">The annex, 0x50 byte included, when the witness carries one.</param>
    /// <param name="tapleafHash">The leaf hash for a script-path spend; null for key path.</param>
    /// <param name="codeSeparatorPosition">Opcode position of the last executed OP_CODESEPARATOR (script path).</param>
    public UInt256? GetTaprootSignatureHash(int inputIndex, byte hashType, PrecomputedTransactionData precomputed, byte[]? annex = null, byte[]? tapleafHash = null, uint codeSeparatorPosition = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(precomputed);
        ArgumentOutOfRangeException.ThrowIfNegative(inputIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(inputIndex, Inputs.Count);
        if (precomputed.SpentOutputs is not { } spentOutputs || precomputed.TaprootHashAmounts is null || precomputed.TaprootHashScriptPubKeys is null)
        {
            throw new ArgumentException("Taproot signature hashes need PrecomputedTransactionData built with the spent outputs.", nameof(precomputed));
        }

        if (hashType is not (0x00 or 0x01 or 0x02 or 0x03 or 0x81 or 0x82 or 0x83))
        {
            return null;
        }

        var outputType = hashType == 0 ? (byte)SigHash.All : (byte)(hashType & 3);
        var anyoneCanPay = (hashType & (byte)SigHash.AnyoneCanPay) != 0;
        var writer = new BitcoinWriter(256);
        writer.WriteByte(0x00); // epoch
        writer.WriteByte(hashType);
        writer.WriteUInt32(Version);
        writer.WriteUInt32(LockTime);
        if (!anyoneCanPay)
        {
            writer.Write(precomputed.TaprootHashPrevouts);
            writer.Write(precomputed.TaprootHashAmounts);
            writer.Write(precomputed.TaprootHashScriptPubKeys);
            writer.Write(precomputed.TaprootHashSequences);
        }

        if (outputType == (byte)SigHash.All)
        {
            writer.Write(precomputed.TaprootHashOutputs);
        }

        var spendType = (byte)((tapleafHash is null ? 0 : 2) | (annex is null ? 0 : 1));
        writer.WriteByte(spendType);
        if (anyoneCanPay)
        {
            var input = Inputs[inputIndex];
            input.PrevOut.Write(writer);
            WriteOutput(writer, spentOutputs[inputIndex]);
            writer.WriteUInt32(input.Sequence);
        }
        else
        {
            writer.WriteUInt32((uint)inputIndex);
        }

        if (annex is not null)
        {
            var annexWriter = new BitcoinWriter(annex.Length + 9);
            annexWriter.WriteVarBytes(annex);
            writer.Write(Hashes.SHA256(annexWriter.WrittenSpan));
        }

        if (outputType == (byte)SigHash.Single)
        {
            if (inputIndex >= Outputs.Count)
            {
                return null;
            }

            var single = new BitcoinWriter();
            WriteOutput(single, Outputs[inputIndex]);
            writer.Write(Hashes.SHA256(single.WrittenSpan));
        }

        if (tapleafHash is not null)
        {
            writer.Write(tapleafHash);
            writer.WriteByte(0x00); // key_version of BIP342 public keys
            writer.WriteUInt32(codeSeparatorPosition);
        }

        return new UInt256(Hashes.TaggedHash("TapSighash", writer.WrittenSpan));
    }
}
