using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Chain;
using TradeNode.Core.Wallet.Storage;

namespace TradeNode.Core.Wallet;

public sealed partial class WalletService
{
    /// <summary>How many times one sync starts over when the chain reorganizes under it.</summary>
    private const int MaxSyncRounds = 8;

    /// <summary>
    /// Brings the wallet up to the chain tip: rolls back blocks that left the active chain (a reorg), scans each new
    /// block (one LiteDB transaction per block), then the mempool for unconfirmed transactions, and drops
    /// unconfirmed transactions the chain no longer knows.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        RequireMeta();
        bool changed;
        await _operation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            changed = await SyncCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _operation.Release();
        }

        if (changed)
        {
            OnChanged();
        }
    }

    /// <summary>
    /// Syncs when the chain's tip changes, when <see cref="RequestSync"/> asks, and at least every
    /// <see cref="WalletOptions.PollInterval"/>, until <paramref name="cancellationToken"/> is cancelled. A failing sync is logged (once until one succeeds again) and retried at the next tick.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var failing = false;
        // Ends on cancellation, or when the service is disposed under it.
        while (!cancellationToken.IsCancellationRequested && !_disposed)
        {
            try
            {
                if (Exists)
                {
                    await SyncAsync(cancellationToken).ConfigureAwait(false);
                }

                failing = false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException) when (_disposed)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (!failing)
                {
                    _logger.LogWarning(ex, "Wallet sync failed; retrying every {Interval}", _options.PollInterval);
                }

                failing = true;
            }

            try
            {
                await _waiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Makes <see cref="RunAsync"/> sync now (after a transaction of this node's was broadcast, say).</summary>
    public void RequestSync() => _waiter.Kick();

    private async Task<bool> SyncCoreAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        for (var round = 0; round < MaxSyncRounds; round++)
        {
            var tip = await _chain.GetTipAsync(cancellationToken).ConfigureAwait(false);
            var fork = await FindForkAsync(tip.Height, cancellationToken).ConfigureAwait(false);
            if (fork < ScannedHeight)
            {
                RollBack(fork);
                changed = true;
            }

            var complete = true;
            for (var height = fork + 1; height <= tip.Height; height++)
            {
                var block = await _chain.GetBlockAsync(height, cancellationToken).ConfigureAwait(false);
                if (block is null || !ExtendsScanned(block))
                {
                    // The chain moved while we read it: start over from the fork search.
                    complete = false;
                    break;
                }

                changed |= ApplyBlock(block);
            }

            if (complete)
            {
                break;
            }
        }

        changed |= await SyncMempoolAsync(cancellationToken).ConfigureAwait(false);
        return changed;
    }

    /// <summary>The highest scanned height whose stored hash is still the chain's (the scanned height when there was no reorg).</summary>
    private async Task<int> FindForkAsync(int tipHeight, CancellationToken cancellationToken)
    {
        var height = ScannedHeight;
        while (true)
        {
            string? stored;
            lock (_gate)
            {
                stored = _blocks.TryGetValue(height, out var hash) ? hash : null;
            }

            if (stored is null)
            {
                return height;
            }

            var onChain = height <= tipHeight ? await _chain.GetBlockHashAsync(height, cancellationToken).ConfigureAwait(false) : null;
            if (onChain is not null && onChain.ToString() == stored)
            {
                return height;
            }

            height--;
        }
    }

    private bool ExtendsScanned(ChainBlock block)
    {
        lock (_gate)
        {
            return !_blocks.TryGetValue(block.Height - 1, out var previous) || previous == block.Block.Header.HashPrevBlock.ToString();
        }
    }

    private bool ApplyBlock(ChainBlock chainBlock)
    {
        var hash = chainBlock.Block.GetHash().ToString();
        var time = chainBlock.Block.Header.BlockTime;
        var relevant = false;
        Write(() =>
        {
            foreach (var tx in chainBlock.Block.Transactions)
            {
                relevant |= ApplyTransaction(tx, chainBlock.Height, hash, time, label: null);
            }

            _blocks[chainBlock.Height] = hash;
            _store.SaveBlock(chainBlock.Height, hash);
            _meta!.ScannedHeight = chainBlock.Height;
            _store.SaveMeta(_meta);
        });

        if (relevant)
        {
            _logger.LogDebug("Wallet found transactions in block {Height}", chainBlock.Height);
        }

        return relevant;
    }

    /// <summary>
    /// Records what <paramref name="tx"/> does to the wallet: our coins it spends, outputs to our scripts (marking
    /// their addresses used and growing the watched window), and the transaction itself. Returns false when it
    /// touches nothing of ours. Caller holds the gate inside a store transaction.
    /// </summary>
    private bool ApplyTransaction(Transaction tx, int? height, string? blockHash, DateTimeOffset? blockTime, string? label)
    {
        var txid = tx.GetHash();
        var id = txid.ToString();
        var spent = new List<CoinRecord>();
        if (!tx.IsCoinBase)
        {
            foreach (var input in tx.Inputs)
            {
                if (_coins.TryGetValue(input.PrevOut.ToString(), out var coin))
                {
                    spent.Add(coin);
                }
            }
        }

        var received = new List<(uint N, TxOut Output, int Chain, int Index)>();
        for (var n = 0; n < tx.Outputs.Count; n++)
        {
            if (_scripts.TryGetValue(tx.Outputs[n].ScriptPubKey.ToHex(), out var path))
            {
                received.Add(((uint)n, tx.Outputs[n], path.Chain, path.Index));
                MarkUsed(path.Chain, path.Index);
            }
        }

        _transactions.TryGetValue(id, out var record);
        if (spent.Count == 0 && received.Count == 0 && record is null)
        {
            return false;
        }

        var allInputsOurs = !tx.IsCoinBase && spent.Count == tx.Inputs.Count;
        foreach (var coin in spent)
        {
            if (coin.SpentBy is { } other && other != id && _transactions.TryGetValue(other, out var conflict) && conflict.Height is null)
            {
                // A double spend won (in a block, or replaced in the mempool): the other spender is gone.
                DropTransaction(conflict);
            }

            coin.SpentBy = id;
            coin.SpentHeight = height;
            _store.SaveCoin(coin);
        }

        foreach (var (n, output, chain, index) in received)
        {
            var outpoint = new OutPoint(txid, n);
            if (!_coins.TryGetValue(outpoint.ToString(), out var coin))
            {
                coin = new CoinRecord
                {
                    Outpoint = outpoint,
                    Value = output.Value.Satoshi,
                    ScriptPubKey = output.ScriptPubKey,
                    Chain = chain,
                    Index = index,
                    IsCoinBase = tx.IsCoinBase,
                };
                _coins[coin.Id] = coin;
            }

            coin.FromSelf = allInputsOurs;
            coin.Height = height;
            coin.BlockHash = blockHash;
            _store.SaveCoin(coin);
        }

        var spentSum = spent.Sum(c => c.Value);
        // Milliseconds, as stored, so a reopened wallet lists exactly what it listed before.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        record ??= new TransactionRecord { Txid = txid, Transaction = tx, FirstSeen = now };
        record.Transaction = tx;
        record.Net = received.Sum(r => r.Output.Value.Satoshi) - spentSum;
        record.Fee = allInputsOurs ? spentSum - tx.TotalOut.Satoshi : record.Fee;
        record.Height = height;
        record.BlockHash = blockHash;
        record.BlockTime = blockTime;
        record.Label ??= label;
        _transactions[id] = record;
        _store.SaveTransaction(record);
        return true;
    }

    private void MarkUsed(int chain, int index)
    {
        var meta = _meta!;
        if (chain == ReceiveChain && index >= meta.ReceiveUsed)
        {
            meta.ReceiveUsed = index + 1;
            meta.ReceiveNext = Math.Max(meta.ReceiveNext, index + 1);
        }
        else if (chain == ChangeChain && index >= meta.ChangeUsed)
        {
            meta.ChangeUsed = index + 1;
            meta.ChangeNext = Math.Max(meta.ChangeNext, index + 1);
        }
        else
        {
            return;
        }

        _store.SaveMeta(meta);
        ExtendWatch();
    }

    /// <summary>
    /// Undoes every block above <paramref name="fork"/>: their transactions become unconfirmed (the mempool pass then
    /// keeps those the chain still knows and drops the rest, such as coinbases), and their hashes are forgotten.
    /// </summary>
    private void RollBack(int fork)
    {
        lock (_gate)
        {
            _logger.LogInformation("Chain reorganization: wallet rolls back to height {Height}", fork);
            try
            {
                _store.InTransaction(() =>
                {
                    foreach (var coin in _coins.Values.Where(c => c.Height > fork || c.SpentHeight > fork))
                    {
                        if (coin.Height > fork)
                        {
                            coin.Height = null;
                            coin.BlockHash = null;
                        }

                        if (coin.SpentHeight > fork)
                        {
                            coin.SpentHeight = null;
                        }

                        _store.SaveCoin(coin);
                    }

                    foreach (var tx in _transactions.Values.Where(t => t.Height > fork))
                    {
                        tx.Height = null;
                        tx.BlockHash = null;
                        tx.BlockTime = null;
                        _store.SaveTransaction(tx);
                    }

                    foreach (var height in _blocks.Keys.Where(h => h > fork).ToList())
                    {
                        _blocks.Remove(height);
                        _store.DeleteBlock(height);
                    }

                    _meta!.ScannedHeight = fork;
                    _store.SaveMeta(_meta);
                });
            }
            catch
            {
                Reload();
                throw;
            }
        }
    }

    private async Task<bool> SyncMempoolAsync(CancellationToken cancellationToken)
    {
        var mempool = (await _chain.GetMempoolTxidsAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var changed = false;

        // A few passes, so a child seen before its parent is picked up once the parent made its outputs ours.
        for (var pass = 0; pass < 3; pass++)
        {
            var found = false;
            foreach (var txid in mempool)
            {
                lock (_gate)
                {
                    if (_transactions.ContainsKey(txid.ToString()) || _irrelevantMempool.Contains(txid))
                    {
                        continue;
                    }
                }

                var chainTx = await _chain.GetTransactionAsync(txid, cancellationToken).ConfigureAwait(false);
                if (chainTx is null || chainTx.BlockHash is not null)
                {
                    continue;
                }

                lock (_gate)
                {
                    var relevant = false;
                    Write(() => relevant = ApplyTransaction(chainTx.Transaction, null, null, null, null));
                    if (relevant)
                    {
                        found = true;
                    }
                    else
                    {
                        _irrelevantMempool.Add(txid);
                    }
                }
            }

            changed |= found;
            if (!found)
            {
                break;
            }

            lock (_gate)
            {
                _irrelevantMempool.Clear();
            }
        }

        List<TransactionRecord> missing;
        lock (_gate)
        {
            _irrelevantMempool.IntersectWith(mempool);
            missing = _transactions.Values.Where(t => t.Height is null && !mempool.Contains(t.Txid)).ToList();
        }

        foreach (var tx in missing)
        {
            // Mined since the mempool was listed? Then the next block scan confirms it; only forget what the chain lost.
            if (!tx.Transaction.IsCoinBase && await _chain.GetTransactionAsync(tx.Txid, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            lock (_gate)
            {
                if (_transactions.ContainsKey(tx.Id))
                {
                    Write(() => DropTransaction(tx));
                    changed = true;
                }
            }
        }

        return changed;
    }

    /// <summary>Forgets an unconfirmed transaction: its outputs (and whatever spent them) go, the coins it spent are unspent again.</summary>
    private void DropTransaction(TransactionRecord tx)
    {
        if (!_transactions.Remove(tx.Id))
        {
            return;
        }

        _logger.LogInformation("Wallet transaction {Txid} left the mempool without confirming", tx.Id);
        foreach (var coin in _coins.Values.Where(c => c.Outpoint.Hash == tx.Txid).ToList())
        {
            if (coin.SpentBy is { } child && _transactions.TryGetValue(child, out var childTx) && childTx.Height is null)
            {
                DropTransaction(childTx);
            }

            _coins.Remove(coin.Id);
            _store.DeleteCoin(coin);
        }

        foreach (var coin in _coins.Values.Where(c => c.SpentBy == tx.Id))
        {
            coin.SpentBy = null;
            coin.SpentHeight = null;
            _store.SaveCoin(coin);
        }

        _store.DeleteTransaction(tx);
    }

    /// <summary>
    /// Runs one change of state in memory and in one store transaction; when the store fails, memory is reloaded
    /// from the database so the two never disagree.
    /// </summary>
    private void Write(Action body)
    {
        lock (_gate)
        {
            try
            {
                _store.InTransaction(body);
            }
            catch
            {
                Reload();
                throw;
            }
        }
    }

    /// <summary>After a failed store transaction, memory follows the database again. Caller holds the gate.</summary>
    private void Reload()
    {
        _coins.Clear();
        _transactions.Clear();
        _blocks.Clear();
        _reservations.Clear();
        _meta = null;
        Load();
    }
}
