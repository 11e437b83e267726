namespace TradeNode.Chain.Regtest;

/// <summary>A transaction waiting in the mempool, with its fee and size and the coins it spends.</summary>
public sealed class MempoolEntry
{
    public MempoolEntry(Transaction transaction, Money fee, DateTimeOffset time, int height, IReadOnlyList<UtxoEntry> spentCoins)
    {
        Transaction = transaction;
        Txid = transaction.GetHash();
        Wtxid = transaction.GetWitHash();
        Fee = fee;
        Weight = transaction.GetWeight();
        VirtualSize = (Weight + Transaction.WitnessScaleFactor - 1) / Transaction.WitnessScaleFactor;
        Time = time;
        Height = height;
        SpentCoins = spentCoins;
    }

    public Transaction Transaction { get; }

    public UInt256 Txid { get; }

    public UInt256 Wtxid { get; }

    public Money Fee { get; }

    public int Weight { get; }

    public int VirtualSize { get; }

    /// <summary>When the transaction entered the mempool.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The chain height when the transaction entered the mempool.</summary>
    public int Height { get; }

    /// <summary>The coins spent, in input order (from the chain or from other mempool transactions).</summary>
    public IReadOnlyList<UtxoEntry> SpentCoins { get; }
}
