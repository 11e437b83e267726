using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Blocks;

/// <summary>Bitcoin's merkle root over transaction hashes, with Core's duplicate-subtree mutation check.</summary>
public static class MerkleTree
{
    /// <summary>
    /// Computes the root of <paramref name="leaves"/> (odd levels repeat their last hash). <paramref name="mutated"/>
    /// is true when two identical hashes were paired at some level: a list that would give the same root as a
    /// different one (CVE-2012-2459), which a block must never contain.
    /// </summary>
    public static UInt256 ComputeRoot(IReadOnlyList<UInt256> leaves, out bool mutated)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        mutated = false;
        if (leaves.Count == 0)
        {
            return UInt256.Zero;
        }

        var level = new List<UInt256>(leaves);
        var pair = new byte[64];
        while (level.Count > 1)
        {
            for (var i = 0; i + 1 < level.Count; i += 2)
            {
                if (level[i] == level[i + 1])
                {
                    mutated = true;
                }
            }

            if (level.Count % 2 == 1)
            {
                level.Add(level[^1]);
            }

            var next = new List<UInt256>(level.Count / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                level[i].Span.CopyTo(pair);
                level[i + 1].Span.CopyTo(pair.AsSpan(32));
                next.Add(Hashes.DoubleSHA256Hash(pair));
            }

            level = next;
        }

        return level[0];
    }
}
