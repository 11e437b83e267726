namespace TradeNode.Chain.Regtest;

/// <summary>The changes of one chain operation, written to the store in a single LiteDB transaction.</summary>
public sealed class ChainStoreBatch
{
    public List<BlockIndexEntry> NewBlocks { get; } = [];

    public Dictionary<UInt256, BlockStatus> StatusChanges { get; } = [];

    public Dictionary<UInt256, MempoolEntry> MempoolAdded { get; } = [];

    public HashSet<UInt256> MempoolRemoved { get; } = [];

    public bool IsEmpty => NewBlocks.Count == 0 && StatusChanges.Count == 0 && MempoolAdded.Count == 0 && MempoolRemoved.Count == 0;

    public void AddMempool(MempoolEntry entry)
    {
        MempoolRemoved.Remove(entry.Txid);
        MempoolAdded[entry.Txid] = entry;
    }

    public void RemoveMempool(UInt256 txid)
    {
        MempoolAdded.Remove(txid);
        MempoolRemoved.Add(txid);
    }

    public void Clear()
    {
        NewBlocks.Clear();
        StatusChanges.Clear();
        MempoolAdded.Clear();
        MempoolRemoved.Clear();
    }
}
