using TradeNode.Bitcoin.Blocks;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Chain.Regtest;

/// <summary>Block assembly and mining (generatetoaddress, generateblock) on regtest's trivial target.</summary>
public sealed partial class RegtestChain
{
    /// <summary>Room kept in a block for the coinbase (Core reserves 4000 weight units).</summary>
    private const int CoinbaseReservedWeight = 4_000;

    private const int CoinbaseReservedSigOps = 400;

    /// <summary>generatetoaddress: mines <paramref name="count"/> blocks paying <paramref name="scriptPubKey"/>, each taking the best-paying mempool transactions.</summary>
    public IReadOnlyList<UInt256> Generate(int count, Script scriptPubKey)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var hashes = new List<UInt256>(count);
        for (var i = 0; i < count; i++)
        {
            var before = Tip;
            lock (_lock)
            {
                var block = CreateBlock(scriptPubKey, SelectTransactions());
                var reason = ProcessBlockLocked(block);
                Commit();
                if (reason is not null)
                {
                    throw new InvalidOperationException($"The chain refused a block it assembled itself ({reason}).");
                }

                hashes.Add(block.GetHash());
            }

            RaiseTipChanged(before);
        }

        return hashes;
    }

    /// <summary>
    /// generateblock: mines one block holding exactly <paramref name="transactions"/>, in order. The block is
    /// checked in full first; a failure throws <see cref="ValidationException"/> and changes nothing.
    /// </summary>
    public UInt256 GenerateBlock(Script scriptPubKey, IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(scriptPubKey);
        ArgumentNullException.ThrowIfNull(transactions);
        var before = Tip;
        UInt256 hash;
        lock (_lock)
        {
            var view = new CoinsView(_utxo);
            var fees = 0L;
            foreach (var tx in transactions)
            {
                var coins = tx.Inputs.Select(i => view.Spend(i.PrevOut)).ToList();
                if (coins.Any(c => c is null))
                {
                    throw new ValidationException("TestBlockValidity failed: bad-txns-inputs-missingorspent");
                }

                fees += coins.Sum(c => c!.Output.Value.Satoshi) - tx.TotalOut.Satoshi;
                var txid = tx.GetHash();
                for (var n = 0; n < tx.Outputs.Count; n++)
                {
                    view.Add(new OutPoint(txid, (uint)n), new UtxoEntry(tx.Outputs[n], _active.Count, false));
                }
            }

            var block = CreateBlock(scriptPubKey, transactions, Money.Satoshis(Math.Max(fees, 0)));
            if (TestBlockValidity(block) is { } reason)
            {
                throw new ValidationException($"TestBlockValidity failed: {reason}", null, ValidationException.RpcVerifyError);
            }

            ProcessBlockLocked(block);
            Commit();
            hash = block.GetHash();
        }

        RaiseTipChanged(before);
        return hash;
    }

    /// <summary>Checks a block on top of the tip completely without keeping anything.</summary>
    private string? TestBlockValidity(Block block)
    {
        var tip = _active[^1];
        var reason = CheckBlockHeader(block.Header, tip) ?? block.Check() ?? CheckBlockContext(block, tip);
        if (reason is not null)
        {
            return reason;
        }

        try
        {
            CheckConnect(new BlockIndexEntry(block, tip, long.MaxValue), checkScripts: true);
            return null;
        }
        catch (ValidationException ex)
        {
            return ex.Message;
        }
    }

    private Block CreateBlock(Script scriptPubKey, IReadOnlyList<MempoolEntry> selected) =>
        CreateBlock(scriptPubKey, selected.Select(e => e.Transaction).ToList(), Money.Satoshis(selected.Sum(e => e.Fee.Satoshi)));

    private Block CreateBlock(Script scriptPubKey, IReadOnlyList<Transaction> transactions, Money fees)
    {
        var tip = _active[^1];
        var height = tip.Height + 1;
        var coinbase = new Transaction { Version = 2 };
        coinbase.Inputs.Add(new TxIn(OutPoint.Null, new Script(Op.GetPushOp(height), Op.FromCode(OpcodeType.OP_0)))
        {
            WitScript = new WitScript(new byte[32]),
        });
        coinbase.Outputs.Add(new TxOut(Parameters.GetBlockSubsidy(height) + fees, scriptPubKey));

        var time = (uint)Math.Max(_timeProvider.GetUtcNow().ToUnixTimeSeconds(), tip.GetMedianTimePast() + 1L);
        var block = new Block(new BlockHeader { HashPrevBlock = tip.Hash, Time = time, Bits = Parameters.PowLimit });
        block.Transactions.Add(coinbase);
        block.Transactions.AddRange(transactions.Select(t => t.Clone()));
        coinbase.Outputs.Add(new TxOut(Money.Zero, Block.CreateWitnessCommitmentScript(block.GetWitnessMerkleRoot(), new byte[32])));
        block.UpdateMerkleRoot();

        // A block identical to one already known (e.g. mined again after invalidateblock) would be a duplicate: skip it.
        while (!block.Header.CheckProofOfWork() || _index.ContainsKey(block.GetHash()))
        {
            block.Header.Nonce++;
        }

        return block;
    }

    /// <summary>
    /// Picks mempool transactions by ancestor-package fee rate (so a child can pay for its parent), parents before
    /// children, within the block's weight and sigop limits.
    /// </summary>
    private List<MempoolEntry> SelectTransactions()
    {
        var packages = _mempool.Entries
            .Select(e =>
            {
                var package = _mempool.GetAncestors(e).Append(e).ToList();
                return (Entry: e, Package: package, Fee: package.Sum(p => p.Fee.Satoshi), Size: package.Sum(p => p.VirtualSize));
            })
            .OrderByDescending(p => (decimal)p.Fee / p.Size)
            .ThenBy(p => p.Package.Count)
            .ToList();

        var included = new HashSet<UInt256>();
        var selected = new List<MempoolEntry>();
        var weight = CoinbaseReservedWeight;
        var sigOps = CoinbaseReservedSigOps;
        foreach (var (entry, package, _, _) in packages)
        {
            if (included.Contains(entry.Txid))
            {
                continue;
            }

            var missing = package.Where(p => !included.Contains(p.Txid)).OrderBy(p => _mempool.GetAncestors(p).Count).ToList();
            var addWeight = missing.Sum(p => p.Weight);
            var addSigOps = missing.Sum(p => SigOpCounter.GetTransactionSigOpCost(p.Transaction, p.SpentCoins));
            if (weight + addWeight > Parameters.MaxBlockWeight || sigOps + addSigOps > Block.MaxBlockSigOpsCost)
            {
                continue;
            }

            weight += addWeight;
            sigOps += addSigOps;
            foreach (var p in missing)
            {
                included.Add(p.Txid);
                selected.Add(p);
            }
        }

        return selected;
    }
}
