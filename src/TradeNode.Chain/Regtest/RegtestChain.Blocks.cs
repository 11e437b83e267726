using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain.Regtest;

/// <summary>Block acceptance, connection, disconnection and the choice of the best chain.</summary>
public sealed partial class RegtestChain
{
    /// <summary>Blocks may be at most this far ahead of the clock (Core's MAX_FUTURE_BLOCK_TIME).</summary>
    private static readonly TimeSpan MaxFutureBlockTime = TimeSpan.FromHours(2);

    /// <summary>
    /// submitblock: checks and stores a block and makes it part of the best chain if it has the most work. Returns
    /// null when accepted, "duplicate", "inconclusive" (valid, but not on the best chain) or Core's reject reason.
    /// </summary>
    public string? SubmitBlock(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var before = Tip;
        string? result;
        lock (_lock)
        {
            result = ProcessBlockLocked(block);
            Commit();
        }

        RaiseTipChanged(before);
        return result;
    }

    /// <summary>invalidateblock: marks a block and its descendants invalid and reorganizes to the best remaining chain.</summary>
    public void InvalidateBlock(UInt256 hash)
    {
        var before = Tip;
        lock (_lock)
        {
            var entry = GetEntryOrThrow(hash);
            if (entry.Height == 0)
            {
                throw new InvalidOperationException("The genesis block cannot be invalidated.");
            }

            var disconnected = new List<Transaction>();
            while (IsActive(entry))
            {
                disconnected.AddRange(DisconnectTip());
            }

            entry.Status = BlockStatus.Invalid;
            _pending.StatusChanges[entry.Hash] = entry.Status;
            ActivateBestChainLocked(disconnected);
            Commit();
        }

        RaiseTipChanged(before);
    }

    /// <summary>reconsiderblock: clears the invalid mark of a block, its ancestors and descendants, and takes the best chain again.</summary>
    public void ReconsiderBlock(UInt256 hash)
    {
        var before = Tip;
        lock (_lock)
        {
            var entry = GetEntryOrThrow(hash);
            foreach (var candidate in _index.Values)
            {
                if (candidate.IsInvalid && (candidate.GetAncestor(entry.Height) == entry || entry.GetAncestor(candidate.Height) == candidate))
                {
                    candidate.Status = BlockStatus.Accepted;
                    _pending.StatusChanges[candidate.Hash] = candidate.Status;
                }
            }

            ActivateBestChainLocked([]);
            Commit();
        }

        RaiseTipChanged(before);
    }

    private BlockIndexEntry GetEntryOrThrow(UInt256 hash) =>
        _index.TryGetValue(hash, out var entry) ? entry : throw new KeyNotFoundException($"Block {hash} is not known.");

    private void AddGenesis()
    {
        var genesis = Genesis.Create(Parameters.Network);
        var entry = new BlockIndexEntry(genesis, null, _sequence++) { Status = BlockStatus.Valid, Undo = [], ScriptsVerified = true };
        _index.Add(entry.Hash, entry);
        _leaves.Add(entry);
        _active.Add(entry);
    }

    private string? ProcessBlockLocked(Block block)
    {
        var hash = block.GetHash();
        if (_index.TryGetValue(hash, out var known))
        {
            return known.IsInvalid ? "duplicate-invalid" : "duplicate";
        }

        if (!_index.TryGetValue(block.Header.HashPrevBlock, out var previous))
        {
            return "prev-blk-not-found";
        }

        if (IsChainInvalid(previous))
        {
            return "bad-prevblk";
        }

        var reason = CheckBlockHeader(block.Header, previous) ?? block.Check() ?? CheckBlockContext(block, previous);
        if (reason is not null)
        {
            return reason;
        }

        var entry = AddToIndex(block, previous, BlockStatus.Accepted);
        _pending.NewBlocks.Add(entry);
        ActivateBestChainLocked([]);
        if (entry.IsInvalid)
        {
            return entry.FailureReason ?? "invalid";
        }

        return IsActive(entry) ? null : "inconclusive";
    }

    private BlockIndexEntry AddToIndex(Block block, BlockIndexEntry previous, BlockStatus status, long? sequenceId = null)
    {
        var entry = new BlockIndexEntry(block, previous, sequenceId ?? _sequence++) { Status = status };
        _index.Add(entry.Hash, entry);
        _leaves.Remove(previous);
        _leaves.Add(entry);
        return entry;
    }

    /// <summary>Core's CheckBlockHeader and ContextualCheckBlockHeader for regtest.</summary>
    private string? CheckBlockHeader(BlockHeader header, BlockIndexEntry previous)
    {
        if (header.Bits != Parameters.PowLimit)
        {
            return "bad-diffbits";
        }

        if (!header.CheckProofOfWork())
        {
            return "high-hash";
        }

        if (header.Time <= previous.GetMedianTimePast())
        {
            return "time-too-old";
        }

        if (header.BlockTime > _timeProvider.GetUtcNow() + MaxFutureBlockTime)
        {
            return "time-too-new";
        }

        return header.Version < 4 ? $"bad-version(0x{header.Version:x8})" : null;
    }

    /// <summary>Core's ContextualCheckBlock: finality, BIP34 height, witness commitment and weight.</summary>
    private string? CheckBlockContext(Block block, BlockIndexEntry previous)
    {
        var height = previous.Height + 1;
        var lockTimeCutoff = previous.GetMedianTimePast();
        if (block.Transactions.Any(tx => !LockTimeRules.IsFinal(tx, height, lockTimeCutoff)))
        {
            return "bad-txns-nonfinal";
        }

        if (height >= Parameters.Bip34Height)
        {
            var expected = new Script(Bitcoin.Scripting.Op.GetPushOp(height)).Span;
            if (!block.Transactions[0].Inputs[0].ScriptSig.Span.StartsWith(expected))
            {
                return "bad-cb-height";
            }
        }

        var commitmentIndex = block.GetWitnessCommitmentIndex();
        if (commitmentIndex >= 0)
        {
            var witness = block.Transactions[0].Inputs[0].WitScript;
            if (witness.PushCount != 1 || witness[0].Length != 32)
            {
                return "bad-witness-nonce-size";
            }

            var expected = Block.CreateWitnessCommitmentScript(block.GetWitnessMerkleRoot(), witness[0]);
            if (!block.Transactions[0].Outputs[commitmentIndex].ScriptPubKey.Span[..38].SequenceEqual(expected.Span))
            {
                return "bad-witness-merkle-match";
            }
        }
        else if (block.Transactions.Any(tx => tx.HasWitness))
        {
            return "unexpected-witness";
        }

        return block.GetWeight() > Parameters.MaxBlockWeight ? "bad-blk-weight" : null;
    }

    private bool IsChainInvalid(BlockIndexEntry entry)
    {
        for (var e = entry; e is not null && !IsActive(e); e = e.Previous)
        {
            if (e.IsInvalid)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The most-work tip whose whole chain is not known to be invalid (first seen wins a tie).</summary>
    private BlockIndexEntry FindBestTip()
    {
        var best = _active[^1];
        foreach (var leaf in _leaves)
        {
            var candidate = leaf;
            for (var e = leaf; e is not null && !IsActive(e); e = e.Previous)
            {
                if (e.IsInvalid)
                {
                    candidate = e.Previous!;
                }
            }

            if (candidate.ChainWork > best.ChainWork || (candidate.ChainWork == best.ChainWork && candidate.SequenceId < best.SequenceId && !IsActive(best)))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>
    /// Moves the active chain to the best valid tip, disconnecting and connecting blocks; a block that fails to
    /// connect is marked invalid and the search starts again. Transactions of disconnected blocks return to the mempool
    /// where they are still valid; confirmed and conflicting ones leave it.
    /// </summary>
    private void ActivateBestChainLocked(List<Transaction> disconnected)
    {
        var reorganized = disconnected.Count > 0;
        var connected = new List<BlockIndexEntry>();
        while (true)
        {
            var best = FindBestTip();
            if (best == _active[^1])
            {
                break;
            }

            var fork = best;
            while (!IsActive(fork))
            {
                fork = fork.Previous!;
            }

            while (_active[^1] != fork)
            {
                disconnected.AddRange(DisconnectTip());
                reorganized = true;
            }

            var path = new List<BlockIndexEntry>();
            for (var e = best; e != fork; e = e.Previous!)
            {
                path.Add(e);
            }

            path.Reverse();
            foreach (var entry in path)
            {
                try
                {
                    ConnectTip(entry, checkScripts: !entry.ScriptsVerified);
                    connected.Add(entry);
                }
                catch (ValidationException ex)
                {
                    entry.Status = BlockStatus.Invalid;
                    entry.FailureReason = ex.Reason == ex.Message ? ex.Reason : ex.Message;
                    _pending.StatusChanges[entry.Hash] = entry.Status;
                    break;
                }
            }
        }

        if (reorganized)
        {
            RebuildMempool(disconnected);
        }
        else
        {
            foreach (var entry in connected)
            {
                RemoveForBlock(entry.Block);
            }
        }
    }

    private void ConnectTip(BlockIndexEntry entry, bool checkScripts)
    {
        var (view, undo) = CheckConnect(entry, checkScripts);
        view.Flush(_utxo);
        entry.Undo = undo;
        entry.ScriptsVerified = true;
        if (entry.Status != BlockStatus.Valid)
        {
            entry.Status = BlockStatus.Valid;
            _pending.StatusChanges[entry.Hash] = entry.Status;
        }

        _active.Add(entry);
        foreach (var tx in entry.Block.Transactions)
        {
            _txBlocks[tx.GetHash()] = entry;
        }
    }

    /// <summary>
    /// Core's ConnectBlock without the writes: every input exists and is mature, values balance, relative locks
    /// hold, sigops fit, scripts verify, the coinbase claims no more than subsidy and fees. Returns the coin changes
    /// and the spent coins (undo data); throws <see cref="ValidationException"/> on the first broken rule.
    /// </summary>
    private (CoinsView View, List<UtxoEntry> Undo) CheckConnect(BlockIndexEntry entry, bool checkScripts)
    {
        var block = entry.Block;
        var height = entry.Height;
        var view = new CoinsView(_utxo);
        var undo = new List<UtxoEntry>();
        var fees = 0L;
        var sigOpCost = 0;
        var previousMedianTime = entry.Previous!.GetMedianTimePast();
        foreach (var tx in block.Transactions)
        {
            var txid = tx.GetHash();
            List<UtxoEntry>? coins = null;
            if (!tx.IsCoinBase)
            {
                coins = new List<UtxoEntry>(tx.Inputs.Count);
                foreach (var input in tx.Inputs)
                {
                    coins.Add(view.Get(input.PrevOut) ?? throw new ValidationException("bad-txns-inputs-missingorspent", $"tx {txid} input {input.PrevOut}"));
                }

                fees += InputRules.CheckTxInputs(tx, coins, height, Parameters.CoinbaseMaturity).Satoshi;
                var locks = LockTimeRules.CalculateSequenceLocks(tx, coins.Select(c => c.Height).ToList(), MedianTimeAt);
                if (!LockTimeRules.SequenceLocksPass(locks, height, previousMedianTime))
                {
                    throw new ValidationException("bad-txns-nonfinal", "contains a non-BIP68-final transaction");
                }
            }

            sigOpCost += SigOpCounter.GetTransactionSigOpCost(tx, coins);
            if (sigOpCost > Block.MaxBlockSigOpsCost)
            {
                throw new ValidationException("bad-blk-sigops", "too many sigops");
            }

            if (coins is not null)
            {
                if (checkScripts && VerifyScripts(tx, coins, ConsensusFlags) is { } failure)
                {
                    throw new ValidationException($"mandatory-script-verify-flag-failed ({failure})");
                }

                foreach (var input in tx.Inputs)
                {
                    undo.Add(view.Spend(input.PrevOut)!);
                }
            }

            for (var n = 0; n < tx.Outputs.Count; n++)
            {
                if (tx.Outputs[n].ScriptPubKey.IsUnspendable)
                {
                    continue;
                }

                var outPoint = new OutPoint(txid, (uint)n);
                if (view.Have(outPoint))
                {
                    throw new ValidationException("bad-txns-BIP30", "tried to overwrite transaction");
                }

                view.Add(outPoint, new UtxoEntry(tx.Outputs[n], height, tx.IsCoinBase));
            }
        }

        var reward = block.Transactions[0].TotalOut.Satoshi;
        var allowed = fees + Parameters.GetBlockSubsidy(height).Satoshi;
        if (reward > allowed)
        {
            throw new ValidationException("bad-cb-amount", $"coinbase pays too much (actual={reward} vs limit={allowed})");
        }

        return (view, undo);
    }

    /// <summary>Disconnects the active tip and returns its non-coinbase transactions.</summary>
    private List<Transaction> DisconnectTip()
    {
        var entry = _active[^1];
        var block = entry.Block;
        var undo = entry.Undo ?? throw new InvalidOperationException($"Block {entry.Hash} has no undo data.");
        var spent = undo.Count;
        for (var t = block.Transactions.Count - 1; t >= 0; t--)
        {
            var tx = block.Transactions[t];
            var txid = tx.GetHash();
            for (var n = 0; n < tx.Outputs.Count; n++)
            {
                _utxo.Remove(new OutPoint(txid, (uint)n));
            }

            if (!tx.IsCoinBase)
            {
                for (var i = tx.Inputs.Count - 1; i >= 0; i--)
                {
                    _utxo[tx.Inputs[i].PrevOut] = undo[--spent];
                }
            }

            _txBlocks.Remove(txid);
        }

        entry.Undo = null;
        _active.RemoveAt(_active.Count - 1);
        return block.Transactions.Skip(1).ToList();
    }

    private uint MedianTimeAt(int height) => _active[Math.Min(height, _active.Count - 1)].GetMedianTimePast();
}
