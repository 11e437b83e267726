namespace TradeNode.Chain.Regtest;

/// <summary>Read access to the block tree for the JSON-RPC server, which reports fields the public records leave out.</summary>
public sealed partial class RegtestChain
{
    /// <summary>A known block with its confirmations (-1 off the active chain) and the next active block's hash.</summary>
    internal (BlockIndexEntry Entry, int Confirmations, UInt256? Next)? Describe(UInt256 hash)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(hash, out var entry))
            {
                return null;
            }

            var next = IsActive(entry) && entry.Height + 1 < _active.Count ? _active[entry.Height + 1].Hash : null;
            return (entry, GetConfirmations(entry), next);
        }
    }

    /// <summary>The number of blocks known, including those off the active chain ("headers" in getblockchaininfo).</summary>
    internal int BestHeaderHeight
    {
        get
        {
            lock (_lock)
            {
                return _index.Values.Where(e => !e.IsInvalid).Max(e => e.Height);
            }
        }
    }

    /// <summary>The active tip's index entry.</summary>
    internal BlockIndexEntry TipEntry
    {
        get
        {
            lock (_lock)
            {
                return _active[^1];
            }
        }
    }
}
