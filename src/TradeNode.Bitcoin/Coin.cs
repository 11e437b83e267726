namespace TradeNode.Bitcoin;

/// <summary>An unspent output together with the outpoint that names it: what a signer needs to know about an input.</summary>
public sealed class Coin
{
    public Coin(OutPoint outpoint, TxOut txOut)
    {
        ArgumentNullException.ThrowIfNull(outpoint);
        ArgumentNullException.ThrowIfNull(txOut);
        Outpoint = outpoint;
        TxOut = txOut;
    }

    /// <summary>The coin created by output <paramref name="index"/> of <paramref name="transaction"/>.</summary>
    public Coin(Transaction transaction, uint index)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (index >= transaction.Outputs.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), "The transaction has no output with this index.");
        }

        Outpoint = new OutPoint(transaction.GetHash(), index);
        TxOut = transaction.Outputs[(int)index];
    }

    public OutPoint Outpoint { get; }

    public TxOut TxOut { get; }

    public Money Amount => TxOut.Value;

    public Script ScriptPubKey => TxOut.ScriptPubKey;

    public override string ToString() => $"{Outpoint} {Amount}";
}
