using System.Numerics;
using TradeNode.Bitcoin.Blocks;

namespace TradeNode.Chain.Regtest;

/// <summary>One block known to the chain: where it sits in the tree, its work and status, and its undo data once connected.</summary>
public sealed class BlockIndexEntry
{
    public BlockIndexEntry(Block block, BlockIndexEntry? previous, long sequenceId)
    {
        Block = block;
        Hash = block.GetHash();
        Previous = previous;
        Height = previous is null ? 0 : previous.Height + 1;
        ChainWork = (previous?.ChainWork ?? BigInteger.Zero) + GetWork(block.Header.Bits);
        SequenceId = sequenceId;
    }

    public UInt256 Hash { get; }

    public Block Block { get; }

    public BlockHeader Header => Block.Header;

    public BlockIndexEntry? Previous { get; }

    public int Height { get; }

    public BigInteger ChainWork { get; }

    /// <summary>Arrival order: of two tips with equal work the first seen wins, as in Core.</summary>
    public long SequenceId { get; }

    public BlockStatus Status { get; set; }

    /// <summary>The coins this block spent, in spending order, while it is connected; null otherwise.</summary>
    public IReadOnlyList<UtxoEntry>? Undo { get; set; }

    /// <summary>True once every script of the block verified against the coins it spends (never needed again).</summary>
    public bool ScriptsVerified { get; set; }

    /// <summary>Why the block failed to connect, in Core's words.</summary>
    public string? FailureReason { get; set; }

    public bool IsInvalid => Status is BlockStatus.Invalid or BlockStatus.InvalidChild;

    /// <summary>The ancestor at <paramref name="height"/> (this entry when heights are equal).</summary>
    public BlockIndexEntry? GetAncestor(int height)
    {
        var entry = this;
        while (entry is not null && entry.Height > height)
        {
            entry = entry.Previous;
        }

        return entry?.Height == height ? entry : null;
    }

    /// <summary>BIP113 median time past: the median of this block's and its ten predecessors' times.</summary>
    public uint GetMedianTimePast()
    {
        var times = new List<uint>(11);
        for (var entry = this; entry is not null && times.Count < 11; entry = entry.Previous)
        {
            times.Add(entry.Header.Time);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static BigInteger GetWork(Target bits)
    {
        var target = bits.ToBigInteger();
        return target.IsZero ? BigInteger.Zero : (BigInteger.One << 256) / (target + 1);
    }

    public override string ToString() => $"{Height} {Hash}";
}
