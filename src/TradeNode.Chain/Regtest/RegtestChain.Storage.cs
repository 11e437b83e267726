using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain.Regtest;

/// <summary>Loading the chain and mempool from the store.</summary>
public sealed partial class RegtestChain
{
    /// <summary>
    /// Rebuilds the block tree from the stored blocks, connects the best chain (scripts already verified are not
    /// verified again) and re-admits the stored mempool; transactions that no longer pass are dropped.
    /// </summary>
    private void Load()
    {
        var store = _store ?? throw new InvalidOperationException("There is no store to load from.");
        lock (_lock)
        {
            AddGenesis();
            foreach (var (sequenceId, bytes, status) in store.LoadBlocks())
            {
                var block = Block.FromBytes(bytes);
                if (!_index.TryGetValue(block.Header.HashPrevBlock, out var previous))
                {
                    throw new InvalidDataException($"The chain database is damaged: block {block.GetHash()} has no parent.");
                }

                var entry = AddToIndex(block, previous, status, sequenceId);
                entry.ScriptsVerified = status == BlockStatus.Valid;
                _sequence = Math.Max(_sequence, sequenceId + 1);
            }

            ActivateBestChainLocked([]);
            foreach (var (bytes, time) in store.LoadMempool())
            {
                var tx = Transaction.FromBytes(bytes);
                try
                {
                    AcceptLocked(tx, testOnly: false, time);
                }
                catch (ValidationException)
                {
                    _pending.RemoveMempool(tx.GetHash());
                }
            }

            Commit();
        }
    }
}
