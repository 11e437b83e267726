using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

/// <summary>A reference to one output of an earlier transaction: txid and output index.</summary>
public sealed class OutPoint : IEquatable<OutPoint>
{
    public OutPoint(UInt256 hash, uint n)
    {
        ArgumentNullException.ThrowIfNull(hash);
        Hash = hash;
        N = n;
    }

    /// <summary>The null outpoint of a coinbase input.</summary>
    public static OutPoint Null { get; } = new(UInt256.Zero, uint.MaxValue);

    public UInt256 Hash { get; }

    public uint N { get; }

    public bool IsNull => N == uint.MaxValue && Hash == UInt256.Zero;

    public static OutPoint Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2 || !UInt256.TryParse(parts[0], out var hash) || !uint.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException("An outpoint is written txid:index.");
        }

        return new OutPoint(hash, n);
    }

    internal static OutPoint Read(BitcoinReader reader) => new(reader.ReadUInt256(), reader.ReadUInt32());

    internal void Write(BitcoinWriter writer)
    {
        writer.WriteUInt256(Hash);
        writer.WriteUInt32(N);
    }

    public bool Equals(OutPoint? other) => other is not null && N == other.N && Hash == other.Hash;

    public override bool Equals(object? obj) => Equals(obj as OutPoint);

    public override int GetHashCode() => HashCode.Combine(Hash, N);

    public override string ToString() => $"{Hash}:{N}";
}
