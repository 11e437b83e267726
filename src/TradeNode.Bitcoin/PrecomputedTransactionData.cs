using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

/// <summary>
/// The hashes that every input of a transaction shares, computed once so signing or verifying many inputs stays
/// linear: BIP143's double-SHA256 hashPrevouts, hashSequence and hashOutputs, and BIP341's single-SHA256 hashes,
/// which also cover the spent amounts and scriptPubKeys when the spent outputs are given. Build it after the
/// transaction is final.
/// </summary>
public sealed class PrecomputedTransactionData
{
    public PrecomputedTransactionData(Transaction transaction)
        : this(transaction, null)
    {
    }

    /// <param name="transaction">The spending transaction.</param>
    /// <param name="spentOutputs">The output each input spends, in input order; taproot signatures need them.</param>
    public PrecomputedTransactionData(Transaction transaction, IReadOnlyList<TxOut>? spentOutputs)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (spentOutputs is not null && spentOutputs.Count != transaction.Inputs.Count)
        {
            throw new ArgumentException("One spent output is needed for each input.", nameof(spentOutputs));
        }

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

        // BIP341 uses single SHA256 of the same serializations that BIP143 double-hashes.
        TaprootHashPrevouts = Hashes.SHA256(prevouts.WrittenSpan);
        TaprootHashSequences = Hashes.SHA256(sequences.WrittenSpan);
        TaprootHashOutputs = Hashes.SHA256(outputs.WrittenSpan);
        HashPrevouts = Hashes.SHA256(TaprootHashPrevouts);
        HashSequence = Hashes.SHA256(TaprootHashSequences);
        HashOutputs = Hashes.SHA256(TaprootHashOutputs);

        if (spentOutputs is not null)
        {
            var amounts = new BitcoinWriter(8 * spentOutputs.Count);
            var scripts = new BitcoinWriter();
            foreach (var spent in spentOutputs)
            {
                ArgumentNullException.ThrowIfNull(spent, nameof(spentOutputs));
                amounts.WriteInt64(spent.Value.Satoshi);
                scripts.WriteVarBytes(spent.ScriptPubKey.Span);
            }

            SpentOutputs = [.. spentOutputs];
            TaprootHashAmounts = Hashes.SHA256(amounts.WrittenSpan);
            TaprootHashScriptPubKeys = Hashes.SHA256(scripts.WrittenSpan);
        }
    }

    /// <summary>BIP143 hashPrevouts: double SHA256 of every input's outpoint.</summary>
    public byte[] HashPrevouts { get; }

    /// <summary>BIP143 hashSequence: double SHA256 of every input's nSequence.</summary>
    public byte[] HashSequence { get; }

    /// <summary>BIP143 hashOutputs: double SHA256 of every output.</summary>
    public byte[] HashOutputs { get; }

    /// <summary>The outputs the inputs spend, when given.</summary>
    public IReadOnlyList<TxOut>? SpentOutputs { get; }

    /// <summary>BIP341 sha_prevouts.</summary>
    public byte[] TaprootHashPrevouts { get; }

    /// <summary>BIP341 sha_sequences.</summary>
    public byte[] TaprootHashSequences { get; }

    /// <summary>BIP341 sha_outputs.</summary>
    public byte[] TaprootHashOutputs { get; }

    /// <summary>BIP341 sha_amounts, null without the spent outputs.</summary>
    public byte[]? TaprootHashAmounts { get; }

    /// <summary>BIP341 sha_scriptpubkeys, null without the spent outputs.</summary>
    public byte[]? TaprootHashScriptPubKeys { get; }
}
