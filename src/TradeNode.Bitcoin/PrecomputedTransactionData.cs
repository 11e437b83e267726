using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

/// <summary>
/// The BIP143 hashes that every input of a transaction shares (hashPrevouts, hashSequence, hashOutputs),
/// computed once so signing or verifying many inputs stays linear. Build it after the transaction is final.
/// </summary>
public sealed class PrecomputedTransactionData
{
    public PrecomputedTransactionData(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var prevouts = new BitcoinWriter(36 * transaction.Inputs.Count);
        var sequences = new BitcoinWriter(4 * transaction.Inputs.Count);
        foreach (var input in transaction.Inputs)
        {
            prevouts.WriteUInt256(input.PrevOut.Hash);
            prevouts.WriteUInt32(input.PrevOut.N);
            sequences.WriteUInt32(input.Sequence);
        }

        var outputs = new BitcoinWriter();
        foreach (var output in transaction.Outputs)
        {
            Transaction.WriteOutput(outputs, output);
        }

        HashPrevouts = Hashes.DoubleSHA256(prevouts.WrittenSpan);
        HashSequence = Hashes.DoubleSHA256(sequences.WrittenSpan);
        HashOutputs = Hashes.DoubleSHA256(outputs.WrittenSpan);
    }

    public byte[] HashPrevouts { get; }

    public byte[] HashSequence { get; }

    public byte[] HashOutputs { get; }
}
