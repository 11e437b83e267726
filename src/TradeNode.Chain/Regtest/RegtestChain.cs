using TradeNode.Bitcoin.Blocks;
using TradeNode.Bitcoin.Fees;

namespace TradeNode.Chain.Regtest;

/// <summary>
/// An in-process regtest chain with Bitcoin Core's validation: a block tree with the most-work chain active, the
/// UTXO set, a mempool, block assembly and reorgs (invalidateblock / reconsiderblock). Every public member is
/// thread-safe. With a <see cref="ChainStore"/> the chain and mempool survive a restart.
/// </summary>
public sealed partial class RegtestChain : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<UInt256, BlockIndexEntry> _index = [];
    private readonly HashSet<BlockIndexEntry> _leaves = [];
    private readonly List<BlockIndexEntry> _active = [];
    private readonly Dictionary<OutPoint, UtxoEntry> _utxo = [];
    private readonly Dictionary<UInt256, BlockIndexEntry> _txBlocks = [];
    private readonly Mempool _mempool = new();
    private readonly TimeProvider _timeProvider;
    private readonly ChainStore? _store;
    private long _sequence;

    private RegtestChain(ChainParameters parameters, TimeProvider timeProvider, ChainStore? store)
    {
        Parameters = parameters;
        _timeProvider = timeProvider;
        _store = store;
    }

    public ChainParameters Parameters { get; }

    /// <summary>Raised (outside the lock) after the active tip changed.</summary>
    public event EventHandler<ChainTip>? TipChanged;

    /// <summary>A chain that lives in memory only: it starts at the regtest genesis block.</summary>
    public static RegtestChain CreateInMemory(TimeProvider? timeProvider = null)
    {
        var chain = new RegtestChain(ChainParameters.RegTest, timeProvider ?? TimeProvider.System, store: null);
        chain.AddGenesis();
        return chain;
    }

    /// <summary>Opens (or creates) a chain persisted in <paramref name="dataDirectory"/>.</summary>
    public static RegtestChain Open(string dataDirectory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var store = new ChainStore(Path.Combine(dataDirectory, "chain.db"));
        var chain = new RegtestChain(ChainParameters.RegTest, timeProvider ?? TimeProvider.System, store);
        try
        {
            chain.Load();
        }
        catch
        {
            chain.Dispose();
            throw;
        }

        return chain;
    }

    public ChainTip Tip
    {
        get
        {
            lock (_lock)
            {
                return GetTipLocked();
            }
        }
    }

    public int Height
    {
        get
        {
            lock (_lock)
            {
                return _active.Count - 1;
            }
        }
    }

    public ChainBlock? GetBlock(UInt256 hash)
    {
        lock (_lock)
        {
            return _index.TryGetValue(hash, out var entry) ? ToChainBlock(entry) : null;
        }
    }

    public ChainBlock? GetBlock(int height)
    {
        lock (_lock)
        {
            return height >= 0 && height < _active.Count ? ToChainBlock(_active[height]) : null;
        }
    }

    public UInt256? GetBlockHash(int height)
    {
        lock (_lock)
        {
            return height >= 0 && height < _active.Count ? _active[height].Hash : null;
        }
    }

    public ChainHeader? GetHeader(UInt256 hash)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(hash, out var entry))
            {
                return null;
            }

            var next = IsActive(entry) && entry.Height + 1 < _active.Count ? _active[entry.Height + 1].Hash : null;
            return new ChainHeader(entry.Header.Clone(), entry.Height, GetConfirmations(entry), DateTimeOffset.FromUnixTimeSeconds(entry.GetMedianTimePast()), next, entry.Block.Transactions.Count);
        }
    }

    /// <summary>A confirmed transaction of the active chain, or one in the mempool.</summary>
    public ChainTransaction? GetTransaction(UInt256 txid)
    {
        lock (_lock)
        {
            if (_mempool.Get(txid) is { } pending)
            {
                return new ChainTransaction(pending.Transaction.Clone(), null, null, 0, null);
            }

            if (_txBlocks.TryGetValue(txid, out var entry))
            {
                var tx = entry.Block.Transactions.First(t => t.GetHash() == txid);
                return new ChainTransaction(tx.Clone(), entry.Hash, entry.Height, GetConfirmations(entry), entry.Header.BlockTime);
            }

            return null;
        }
    }

    public TxOutInfo? GetTxOut(OutPoint outPoint, bool includeMempool = true)
    {
        ArgumentNullException.ThrowIfNull(outPoint);
        lock (_lock)
        {
            var tip = _active[^1];
            if (includeMempool)
            {
                if (_mempool.GetSpender(outPoint) is not null)
                {
                    return null;
                }

                if (_mempool.GetCoin(outPoint) is { } pending)
                {
                    return new TxOutInfo(tip.Hash, 0, pending.Output, false);
                }
            }

            return _utxo.TryGetValue(outPoint, out var coin)
                ? new TxOutInfo(tip.Hash, tip.Height - coin.Height + 1, coin.Output, coin.IsCoinBase)
                : null;
        }
    }

    public IReadOnlyList<UInt256> GetMempoolTxids()
    {
        lock (_lock)
        {
            return _mempool.Entries.OrderBy(e => e.Time).Select(e => e.Txid).ToList();
        }
    }

    public MempoolEntryInfo? GetMempoolEntry(UInt256 txid)
    {
        lock (_lock)
        {
            return _mempool.Get(txid) is { } entry ? ToInfo(entry) : null;
        }
    }

    public IReadOnlyList<MempoolEntryInfo> GetMempoolEntries()
    {
        lock (_lock)
        {
            return _mempool.Entries.OrderBy(e => e.Time).Select(ToInfo).ToList();
        }
    }

    /// <summary>
    /// The fee rate of recently confirmed transactions (their median over the last 6 × target blocks), never below
    /// the minimum relay fee; the minimum relay fee when no transaction has confirmed recently.
    /// </summary>
    public FeeRate EstimateFeeRate(int confirmationTarget)
    {
        if (confirmationTarget is < 1 or > 1008)
        {
            throw new ArgumentOutOfRangeException(nameof(confirmationTarget), "The confirmation target is 1 to 1008 blocks.");
        }

        lock (_lock)
        {
            var rates = new List<long>();
            for (var h = _active.Count - 1; h > 0 && h >= _active.Count - (6 * confirmationTarget); h--)
            {
                var entry = _active[h];
                var coins = entry.Undo ?? [];
                var spent = 0;
                foreach (var tx in entry.Block.Transactions.Skip(1))
                {
                    var inValue = coins.Skip(spent).Take(tx.Inputs.Count).Sum(c => c.Output.Value.Satoshi);
                    spent += tx.Inputs.Count;
                    rates.Add(FeeRate.FromFee(Money.Satoshis(inValue - tx.TotalOut.Satoshi), tx.GetVirtualSize()).SatoshisPerKiloVByte);
                }
            }

            rates.Sort();
            var median = rates.Count == 0 ? 0 : rates[rates.Count / 2];
            return new FeeRate(Math.Max(median, Parameters.MinRelayFeePerKvB));
        }
    }

    public void Dispose() => _store?.Dispose();

    private ChainTip GetTipLocked()
    {
        var tip = _active[^1];
        return new ChainTip(tip.Height, tip.Hash, DateTimeOffset.FromUnixTimeSeconds(tip.GetMedianTimePast()));
    }

    private bool IsActive(BlockIndexEntry entry) => entry.Height < _active.Count && _active[entry.Height] == entry;

    private int GetConfirmations(BlockIndexEntry entry) => IsActive(entry) ? _active.Count - entry.Height : -1;

    private ChainBlock ToChainBlock(BlockIndexEntry entry) =>
        new(Block.FromBytes(entry.Block.ToBytes()), entry.Height, GetConfirmations(entry));

    private MempoolEntryInfo ToInfo(MempoolEntry entry)
    {
        var ancestors = _mempool.GetAncestors(entry);
        var descendants = _mempool.GetDescendants(entry);
        return new MempoolEntryInfo(
            entry.Txid,
            entry.Wtxid,
            entry.VirtualSize,
            entry.Weight,
            entry.Fee,
            entry.Time,
            entry.Height,
            ancestors.Count + 1,
            ancestors.Sum(a => a.VirtualSize) + entry.VirtualSize,
            Money.Satoshis(ancestors.Sum(a => a.Fee.Satoshi) + entry.Fee.Satoshi),
            descendants.Count + 1,
            descendants.Sum(d => d.VirtualSize) + entry.VirtualSize,
            Money.Satoshis(descendants.Sum(d => d.Fee.Satoshi) + entry.Fee.Satoshi),
            _mempool.GetParents(entry).Select(p => p.Txid).ToList(),
            _mempool.GetChildren(entry).Select(c => c.Txid).ToList(),
            ancestors.Append(entry).Any(e => SignalsReplaceability(e.Transaction)));
    }

    private void RaiseTipChanged(ChainTip? before)
    {
        ChainTip after;
        lock (_lock)
        {
            after = GetTipLocked();
        }

        if (before is null || before.Hash != after.Hash)
        {
            TipChanged?.Invoke(this, after);
        }
    }
}
