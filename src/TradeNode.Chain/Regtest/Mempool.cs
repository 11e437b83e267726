namespace TradeNode.Chain.Regtest;

/// <summary>
/// The unconfirmed transactions, indexed by txid and by the outpoints they spend, with ancestor and descendant
/// walks. Not thread-safe: <see cref="RegtestChain"/> holds its lock around every use.
/// </summary>
public sealed class Mempool
{
    /// <summary>The height a coin created by a mempool transaction is given (Core's MEMPOOL_HEIGHT).</summary>
    public const int MempoolHeight = 0x7fffffff;

    private readonly Dictionary<UInt256, MempoolEntry> _entries = [];
    private readonly Dictionary<OutPoint, UInt256> _spentBy = [];

    public int Count => _entries.Count;

    public IEnumerable<MempoolEntry> Entries => _entries.Values;

    public bool Contains(UInt256 txid) => _entries.ContainsKey(txid);

    public MempoolEntry? Get(UInt256 txid) => _entries.GetValueOrDefault(txid);

    /// <summary>The mempool transaction spending <paramref name="outPoint"/>, if any.</summary>
    public UInt256? GetSpender(OutPoint outPoint) => _spentBy.TryGetValue(outPoint, out var txid) ? txid : null;

    /// <summary>An output created by a mempool transaction and not spent in the mempool.</summary>
    public UtxoEntry? GetCoin(OutPoint outPoint)
    {
        if (!_entries.TryGetValue(outPoint.Hash, out var entry) || outPoint.N >= entry.Transaction.Outputs.Count || _spentBy.ContainsKey(outPoint))
        {
            return null;
        }

        return new UtxoEntry(entry.Transaction.Outputs[(int)outPoint.N], MempoolHeight, false);
    }

    public void Add(MempoolEntry entry)
    {
        _entries.Add(entry.Txid, entry);
        foreach (var input in entry.Transaction.Inputs)
        {
            _spentBy[input.PrevOut] = entry.Txid;
        }
    }

    /// <summary>Removes one transaction (not its descendants).</summary>
    public bool Remove(UInt256 txid)
    {
        if (!_entries.Remove(txid, out var entry))
        {
            return false;
        }

        foreach (var input in entry.Transaction.Inputs)
        {
            if (_spentBy.TryGetValue(input.PrevOut, out var spender) && spender == txid)
            {
                _spentBy.Remove(input.PrevOut);
            }
        }

        return true;
    }

    /// <summary>Removes a transaction and every descendant; returns what was removed.</summary>
    public IReadOnlyList<MempoolEntry> RemoveWithDescendants(UInt256 txid)
    {
        if (!_entries.TryGetValue(txid, out var root))
        {
            return [];
        }

        var removed = GetDescendants(root).Prepend(root).ToList();
        foreach (var entry in removed)
        {
            Remove(entry.Txid);
        }

        return removed;
    }

    /// <summary>The in-mempool transactions whose outputs <paramref name="entry"/> spends.</summary>
    public IEnumerable<MempoolEntry> GetParents(MempoolEntry entry) =>
        entry.Transaction.Inputs.Select(i => i.PrevOut.Hash).Distinct().Select(Get).OfType<MempoolEntry>();

    /// <summary>The in-mempool transactions that spend outputs of <paramref name="entry"/>.</summary>
    public IEnumerable<MempoolEntry> GetChildren(MempoolEntry entry) =>
        Enumerable.Range(0, entry.Transaction.Outputs.Count)
            .Select(n => GetSpender(new OutPoint(entry.Txid, (uint)n)))
            .OfType<UInt256>()
            .Distinct()
            .Select(Get)
            .OfType<MempoolEntry>();

    public IReadOnlyCollection<MempoolEntry> GetAncestors(MempoolEntry entry) => Walk(entry, GetParents);

    public IReadOnlyCollection<MempoolEntry> GetDescendants(MempoolEntry entry) => Walk(entry, GetChildren);

    /// <summary>The mempool transactions spending any outpoint <paramref name="transaction"/> spends.</summary>
    public IReadOnlyCollection<MempoolEntry> GetConflicts(Transaction transaction) =>
        transaction.Inputs.Select(i => GetSpender(i.PrevOut)).OfType<UInt256>().Distinct().Select(Get).OfType<MempoolEntry>().ToList();

    private static List<MempoolEntry> Walk(MempoolEntry start, Func<MempoolEntry, IEnumerable<MempoolEntry>> next)
    {
        var seen = new HashSet<UInt256> { start.Txid };
        var result = new List<MempoolEntry>();
        var queue = new Queue<MempoolEntry>(next(start));
        while (queue.TryDequeue(out var entry))
        {
            if (seen.Add(entry.Txid))
            {
                result.Add(entry);
                foreach (var more in next(entry))
                {
                    queue.Enqueue(more);
                }
            }
        }

        return result;
    }
}
