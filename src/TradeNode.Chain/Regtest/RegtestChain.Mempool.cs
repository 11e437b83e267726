namespace TradeNode.Chain.Regtest;

/// <summary>Mempool acceptance with Bitcoin Core's checks and reject reasons, replace-by-fee, and reorg handling.</summary>
public sealed partial class RegtestChain
{
    /// <summary>Policy: MAX_STANDARD_TX_SIGOPS_COST.</summary>
    private const int MaxStandardTxSigOpsCost = 16_000;

    /// <summary>BIP125 / Core: at most this many transactions may be evicted by one replacement.</summary>
    private const int MaxReplacementCandidates = 100;

    private readonly ChainStoreBatch _pending = new();

    /// <summary>sendrawtransaction: validates and adds to the mempool, or throws <see cref="ValidationException"/> with Core's reason.</summary>
    public MempoolEntry AcceptToMempool(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        lock (_lock)
        {
            try
            {
                return AcceptLocked(transaction, testOnly: false, _timeProvider.GetUtcNow());
            }
            finally
            {
                Commit();
            }
        }
    }

    /// <summary>testmempoolaccept: each transaction is checked alone against the current mempool; nothing changes.</summary>
    public IReadOnlyList<MempoolAcceptResult> TestMempoolAccept(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        lock (_lock)
        {
            var results = new List<MempoolAcceptResult>(transactions.Count);
            foreach (var tx in transactions)
            {
                try
                {
                    var entry = AcceptLocked(tx, testOnly: true, _timeProvider.GetUtcNow());
                    results.Add(new MempoolAcceptResult(entry.Txid, entry.Wtxid, true, null, entry.VirtualSize, entry.Fee));
                }
                catch (ValidationException ex)
                {
                    results.Add(new MempoolAcceptResult(tx.GetHash(), tx.GetWitHash(), false, ex.Reason, null, null));
                }
            }

            return results;
        }
    }

    private MempoolEntry AcceptLocked(Transaction tx, bool testOnly, DateTimeOffset time)
    {
        var txid = tx.GetHash();
        if (tx.Check() is { } invalid)
        {
            throw new ValidationException(invalid);
        }

        if (tx.IsCoinBase)
        {
            throw new ValidationException("coinbase");
        }

        StandardnessRules.CheckStandardTx(tx, Parameters);
        var tip = _active[^1];
        var height = tip.Height + 1;
        var medianTime = tip.GetMedianTimePast();
        if (!LockTimeRules.IsFinal(tx, height, medianTime))
        {
            throw new ValidationException("non-final");
        }

        if (_mempool.Contains(txid))
        {
            throw new ValidationException("txn-already-in-mempool");
        }

        var conflicts = _mempool.GetConflicts(tx);
        if (!Parameters.FullReplaceByFee && conflicts.Any(c => !SignalsReplaceability(c.Transaction)))
        {
            throw new ValidationException("txn-mempool-conflict");
        }

        var coins = new List<UtxoEntry>(tx.Inputs.Count);
        foreach (var input in tx.Inputs)
        {
            var coin = _utxo.GetValueOrDefault(input.PrevOut) ?? GetMempoolOutput(input.PrevOut);
            if (coin is null)
            {
                var known = Enumerable.Range(0, tx.Outputs.Count).Any(n => _utxo.ContainsKey(new OutPoint(txid, (uint)n))) || _txBlocks.ContainsKey(txid);
                throw known
                    ? new ValidationException("txn-already-known", null, ValidationException.RpcVerifyAlreadyInChain)
                    : new ValidationException("bad-txns-inputs-missingorspent", null, ValidationException.RpcVerifyError);
            }

            coins.Add(coin);
        }

        var coinHeights = coins.Select(c => c.Height == Mempool.MempoolHeight ? height : c.Height).ToList();
        if (!LockTimeRules.SequenceLocksPass(LockTimeRules.CalculateSequenceLocks(tx, coinHeights, MedianTimeAt), height, medianTime))
        {
            throw new ValidationException("non-BIP68-final");
        }

        var fee = InputRules.CheckTxInputs(tx, coins, height, Parameters.CoinbaseMaturity);
        StandardnessRules.CheckInputsStandard(tx, coins);
        StandardnessRules.CheckWitnessStandard(tx, coins);
        if (SigOpCounter.GetTransactionSigOpCost(tx, coins) > MaxStandardTxSigOpsCost)
        {
            throw new ValidationException("bad-txns-too-many-sigops");
        }

        var entry = new MempoolEntry(tx, fee, time, tip.Height, coins);
        var minFee = MinRelayFee(entry.VirtualSize);
        if (fee.Satoshi < minFee)
        {
            throw new ValidationException("min relay fee not met", $"{fee.Satoshi} < {minFee}");
        }

        var evicted = CheckReplacement(entry, conflicts);
        CheckChainLimits(tx, evicted);
        if (VerifyScripts(tx, coins, PolicyFlags) is { } policyFailure)
        {
            throw VerifyScripts(tx, coins, ConsensusFlags) is { } consensusFailure
                ? new ValidationException($"mandatory-script-verify-flag-failed ({consensusFailure})")
                : new ValidationException($"non-mandatory-script-verify-flag ({policyFailure})");
        }

        if (!testOnly)
        {
            foreach (var conflict in conflicts)
            {
                foreach (var removed in _mempool.RemoveWithDescendants(conflict.Txid))
                {
                    _pending.RemoveMempool(removed.Txid);
                }
            }

            _mempool.Add(entry);
            _pending.AddMempool(entry);
        }

        return entry;
    }

    /// <summary>BIP125: an input with a sequence below 0xfffffffe opts the transaction in to replacement.</summary>
    private static bool SignalsReplaceability(Transaction tx) => tx.Inputs.Any(i => i.Sequence < TxIn.SequenceFinal - 1);

    private UtxoEntry? GetMempoolOutput(OutPoint outPoint)
    {
        var parent = _mempool.Get(outPoint.Hash);
        return parent is not null && outPoint.N < parent.Transaction.Outputs.Count
            ? new UtxoEntry(parent.Transaction.Outputs[(int)outPoint.N], Mempool.MempoolHeight, false)
            : null;
    }

    private long MinRelayFee(int virtualSize) => ((Parameters.MinRelayFeePerKvB * virtualSize) + 999) / 1000;

    /// <summary>BIP125 replace-by-fee rules (higher fee rate, higher absolute fee, pays for its own relay): returns every transaction the replacement would evict.</summary>
    private HashSet<UInt256> CheckReplacement(MempoolEntry entry, IReadOnlyCollection<MempoolEntry> conflicts)
    {
        var evicted = new HashSet<UInt256>();
        if (conflicts.Count == 0)
        {
            return evicted;
        }

        var all = new List<MempoolEntry>();
        foreach (var conflict in conflicts)
        {
            foreach (var e in _mempool.GetDescendants(conflict).Prepend(conflict))
            {
                if (evicted.Add(e.Txid))
                {
                    all.Add(e);
                }
            }
        }

        if (entry.Transaction.Inputs.Any(i => evicted.Contains(i.PrevOut.Hash)))
        {
            throw new ValidationException("bad-txns-spends-conflicting-tx", $"{entry.Txid} spends conflicting transaction");
        }

        if (all.Count > MaxReplacementCandidates)
        {
            throw new ValidationException("too many potential replacements", $"rejecting replacement {entry.Txid}; too many potential replacements ({all.Count} > {MaxReplacementCandidates})");
        }

        foreach (var conflict in conflicts)
        {
            // Compare fee rates without division: fee / vsize > old fee / old vsize.
            if ((Int128)entry.Fee.Satoshi * conflict.VirtualSize <= (Int128)conflict.Fee.Satoshi * entry.VirtualSize)
            {
                throw new ValidationException("insufficient fee", $"rejecting replacement {entry.Txid}; new feerate is not above the feerate of {conflict.Txid}");
            }
        }

        var oldFees = all.Sum(e => e.Fee.Satoshi);
        if (entry.Fee.Satoshi < oldFees)
        {
            throw new ValidationException("insufficient fee", $"rejecting replacement {entry.Txid}, less fees than conflicting txs; {entry.Fee.Satoshi} < {oldFees}");
        }

        var required = MinRelayFee(entry.VirtualSize);
        if (entry.Fee.Satoshi - oldFees < required)
        {
            throw new ValidationException("insufficient fee", $"rejecting replacement {entry.Txid}, not enough additional fees to relay; {entry.Fee.Satoshi - oldFees} < {required}");
        }

        return evicted;
    }

    /// <summary>Core's default package limits: 25 ancestors and 25 descendants, counting the new transaction.</summary>
    private void CheckChainLimits(Transaction tx, HashSet<UInt256> evicted)
    {
        var ancestors = new Dictionary<UInt256, MempoolEntry>();
        foreach (var parent in tx.Inputs.Select(i => _mempool.Get(i.PrevOut.Hash)).OfType<MempoolEntry>())
        {
            ancestors.TryAdd(parent.Txid, parent);
            foreach (var ancestor in _mempool.GetAncestors(parent))
            {
                ancestors.TryAdd(ancestor.Txid, ancestor);
            }
        }

        var limit = Parameters.MempoolChainLimit;
        if (ancestors.Count + 1 > limit)
        {
            throw new ValidationException("too-long-mempool-chain", $"too many unconfirmed ancestors [limit: {limit}]");
        }

        foreach (var ancestor in ancestors.Values)
        {
            if (_mempool.GetDescendants(ancestor).Count(d => !evicted.Contains(d.Txid)) + 2 > limit)
            {
                throw new ValidationException("too-long-mempool-chain", $"too many descendants for tx {ancestor.Txid} [limit: {limit}]");
            }
        }
    }

    /// <summary>Core's removeForBlock: confirmed transactions leave, and so does anything that conflicts with them.</summary>
    private void RemoveForBlock(Bitcoin.Blocks.Block block)
    {
        foreach (var tx in block.Transactions.Skip(1))
        {
            var txid = tx.GetHash();
            if (_mempool.Remove(txid))
            {
                _pending.RemoveMempool(txid);
            }

            foreach (var input in tx.Inputs)
            {
                if (_mempool.GetSpender(input.PrevOut) is { } spender && spender != txid)
                {
                    foreach (var removed in _mempool.RemoveWithDescendants(spender))
                    {
                        _pending.RemoveMempool(removed.Txid);
                    }
                }
            }
        }
    }

    /// <summary>
    /// After a reorg: the transactions of disconnected blocks and the old mempool are validated again against the
    /// new chain (in passes, so that parents get in before children); whatever fails leaves the mempool.
    /// </summary>
    private void RebuildMempool(List<Transaction> disconnected)
    {
        var previous = _mempool.Entries.OrderBy(e => e.Time).ToList();
        foreach (var entry in previous)
        {
            _mempool.Remove(entry.Txid);
            _pending.RemoveMempool(entry.Txid);
        }

        var now = _timeProvider.GetUtcNow();
        var waiting = disconnected.Select(tx => (Tx: tx, Time: now))
            .Concat(previous.Select(e => (Tx: e.Transaction, e.Time)))
            .Where(t => !_txBlocks.ContainsKey(t.Tx.GetHash()))
            .ToList();
        var progress = true;
        while (progress && waiting.Count > 0)
        {
            progress = false;
            for (var i = 0; i < waiting.Count; i++)
            {
                try
                {
                    AcceptLocked(waiting[i].Tx, testOnly: false, waiting[i].Time);
                    waiting.RemoveAt(i--);
                    progress = true;
                }
                catch (ValidationException)
                {
                    // Tried again in the next pass, in case a parent gets in first; dropped if nothing changes.
                }
            }
        }
    }

    /// <summary>Writes the pending changes to the store (when there is one).</summary>
    private void Commit()
    {
        if (_store is null)
        {
            _pending.Clear();
            return;
        }

        _store.Write(_pending);
    }
}
