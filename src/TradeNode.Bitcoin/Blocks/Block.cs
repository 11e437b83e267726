using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin.Blocks;

/// <summary>A block: header and transactions, with BIP144 serialization and the context-free checks of Bitcoin Core's CheckBlock.</summary>
public sealed class Block
{
    /// <summary>Bitcoin Core's MAX_BLOCK_SIGOPS_COST.</summary>
    public const int MaxBlockSigOpsCost = 80_000;

    /// <summary>The 4-byte tag that starts a BIP141 witness commitment (after OP_RETURN and a 36-byte push).</summary>
    private static readonly byte[] WitnessCommitmentHeader = [0xaa, 0x21, 0xa9, 0xed];

    public Block(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        Header = header;
    }

    public BlockHeader Header { get; }

    public List<Transaction> Transactions { get; } = [];

    public static Block Parse(string hex)
    {
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            throw new FormatException("A block is given as hexadecimal.");
        }

        return FromBytes(bytes);
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out Block? block)
    {
        block = null;
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            return false;
        }

        try
        {
            block = FromBytes(bytes);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Decodes a serialized block; the whole input must be consumed.</summary>
    public static Block FromBytes(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < BlockHeader.Size + 1)
        {
            throw new FormatException($"A block is at least {BlockHeader.Size + 1} bytes; this one is {bytes.Length}.");
        }

        var reader = new BitcoinReader(bytes);
        var block = new Block(BlockHeader.ReadFrom(reader));
        var count = reader.ReadCount(minItemSize: 10);
        for (var i = 0; i < count; i++)
        {
            block.Transactions.Add(Transaction.ReadFrom(reader));
        }

        if (!reader.IsAtEnd)
        {
            throw new FormatException($"A block has {reader.Remaining} bytes left over after its last transaction.");
        }

        return block;
    }

    public byte[] ToBytes(bool includeWitness = true)
    {
        var writer = new BitcoinWriter(BlockHeader.Size + (Transactions.Count * 256));
        Header.WriteTo(writer);
        writer.WriteCompactSize((ulong)Transactions.Count);
        foreach (var tx in Transactions)
        {
            tx.WriteTo(writer, includeWitness);
        }

        return writer.ToArray();
    }

    public string ToHex(bool includeWitness = true) => Convert.ToHexStringLower(ToBytes(includeWitness));

    public UInt256 GetHash() => Header.GetHash();

    /// <summary>BIP141 weight: stripped size times three plus total size.</summary>
    public int GetWeight() => (ToBytes(includeWitness: false).Length * (Transaction.WitnessScaleFactor - 1)) + ToBytes(includeWitness: true).Length;

    public UInt256 GetMerkleRoot() => GetMerkleRoot(out _);

    public UInt256 GetMerkleRoot(out bool mutated) => MerkleTree.ComputeRoot(Transactions.Select(t => t.GetHash()).ToList(), out mutated);

    /// <summary>The BIP141 witness merkle root: wtxids, with the coinbase's taken as zero.</summary>
    public UInt256 GetWitnessMerkleRoot() =>
        MerkleTree.ComputeRoot(Transactions.Select((t, i) => i == 0 ? UInt256.Zero : t.GetWitHash()).ToList(), out _);

    /// <summary>Sets the header's merkle root from the transactions.</summary>
    public void UpdateMerkleRoot() => Header.HashMerkleRoot = GetMerkleRoot();

    /// <summary>
    /// The index of the coinbase output holding the BIP141 witness commitment (the last one that matches), or -1.
    /// </summary>
    public int GetWitnessCommitmentIndex()
    {
        if (Transactions.Count == 0 || !Transactions[0].IsCoinBase)
        {
            return -1;
        }

        var outputs = Transactions[0].Outputs;
        for (var i = outputs.Count - 1; i >= 0; i--)
        {
            var script = outputs[i].ScriptPubKey.Span;
            if (script.Length >= 38 && script[0] == (byte)OpcodeType.OP_RETURN && script[1] == 0x24 && script[2..6].SequenceEqual(WitnessCommitmentHeader))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The commitment script for a witness root and the 32-byte reserved value (BIP141).</summary>
    public static Script CreateWitnessCommitmentScript(UInt256 witnessRoot, ReadOnlySpan<byte> reservedValue)
    {
        ArgumentNullException.ThrowIfNull(witnessRoot);
        if (reservedValue.Length != 32)
        {
            throw new ArgumentException("The witness reserved value is 32 bytes.", nameof(reservedValue));
        }

        var preimage = new byte[64];
        witnessRoot.Span.CopyTo(preimage);
        reservedValue.CopyTo(preimage.AsSpan(32));
        var data = new byte[38];
        data[0] = (byte)OpcodeType.OP_RETURN;
        data[1] = 0x24;
        WitnessCommitmentHeader.CopyTo(data, 2);
        Hashes.DoubleSHA256(preimage).CopyTo(data, 6);
        return new Script(data);
    }

    /// <summary>
    /// Bitcoin Core's context-free CheckBlock: proof of work, merkle root (and its mutation), size, a single
    /// leading coinbase, every transaction's CheckTransaction and the legacy sigop limit. Returns Core's reject
    /// reason, or null when the block passes.
    /// </summary>
    public string? Check(bool checkProofOfWork = true)
    {
        if (checkProofOfWork && !Header.CheckProofOfWork())
        {
            return "high-hash";
        }

        if (GetMerkleRoot(out var mutated) != Header.HashMerkleRoot)
        {
            return "bad-txnmrklroot";
        }

        if (mutated)
        {
            return "bad-txns-duplicate";
        }

        if (Transactions.Count == 0
            || Transactions.Count * Transaction.WitnessScaleFactor > Transaction.MaxBlockWeight
            || ToBytes(includeWitness: false).Length * Transaction.WitnessScaleFactor > Transaction.MaxBlockWeight)
        {
            return "bad-blk-length";
        }

        if (!Transactions[0].IsCoinBase)
        {
            return "bad-cb-missing";
        }

        if (Transactions.Skip(1).Any(t => t.IsCoinBase))
        {
            return "bad-cb-multiple";
        }

        foreach (var tx in Transactions)
        {
            if (tx.Check() is { } reason)
            {
                return reason;
            }
        }

        var sigOps = Transactions.Sum(t => t.GetLegacySigOpCount());
        return sigOps * Transaction.WitnessScaleFactor > MaxBlockSigOpsCost ? "bad-blk-sigops" : null;
    }

    public override string ToString() => GetHash().ToString();
}
