using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin.Blocks;

/// <summary>The 80-byte block header: version, previous block, merkle root, time, target bits and nonce.</summary>
public sealed class BlockHeader
{
    public const int Size = 80;

    public int Version { get; set; } = 0x20000000;

    public UInt256 HashPrevBlock { get; set; } = UInt256.Zero;

    public UInt256 HashMerkleRoot { get; set; } = UInt256.Zero;

    /// <summary>Block time in seconds since the Unix epoch.</summary>
    public uint Time { get; set; }

    public Target Bits { get; set; }

    public uint Nonce { get; set; }

    public DateTimeOffset BlockTime => DateTimeOffset.FromUnixTimeSeconds(Time);

    public static BlockHeader Parse(string hex)
    {
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            throw new FormatException("A block header is given as hexadecimal.");
        }

        return FromBytes(bytes);
    }

    public static BlockHeader FromBytes(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new FormatException($"A block header is exactly {Size} bytes; this one is {bytes.Length}.");
        }

        return ReadFrom(new BitcoinReader(bytes));
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out BlockHeader? header)
    {
        header = null;
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes) || bytes.Length != Size)
        {
            return false;
        }

        header = FromBytes(bytes);
        return true;
    }

    public static BlockHeader ReadFrom(BitcoinReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new BlockHeader
        {
            Version = reader.ReadInt32(),
            HashPrevBlock = reader.ReadUInt256(),
            HashMerkleRoot = reader.ReadUInt256(),
            Time = reader.ReadUInt32(),
            Bits = new Target(reader.ReadUInt32()),
            Nonce = reader.ReadUInt32(),
        };
    }

    public void WriteTo(BitcoinWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteInt32(Version);
        writer.WriteUInt256(HashPrevBlock);
        writer.WriteUInt256(HashMerkleRoot);
        writer.WriteUInt32(Time);
        writer.WriteUInt32(Bits.Compact);
        writer.WriteUInt32(Nonce);
    }

    public byte[] ToBytes()
    {
        var writer = new BitcoinWriter(Size);
        WriteTo(writer);
        return writer.ToArray();
    }

    public string ToHex() => Convert.ToHexStringLower(ToBytes());

    /// <summary>The block hash: double SHA-256 of the 80-byte header.</summary>
    public UInt256 GetHash() => Hashes.DoubleSHA256Hash(ToBytes());

    /// <summary>True when the header's hash meets the target its bits claim (and the bits are well formed).</summary>
    public bool CheckProofOfWork() => Bits.IsMetBy(GetHash());

    public BlockHeader Clone() => FromBytes(ToBytes());

    public override string ToString() => GetHash().ToString();
}
