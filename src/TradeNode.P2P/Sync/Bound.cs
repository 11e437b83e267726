using System.Buffers.Binary;

namespace TradeNode.P2P.Sync;

/// <summary>
/// The exclusive upper end of a range of ids: a 32-byte value (big-endian, as four words) or infinity, above every id.
/// A range holds the ids in [previous bound, this bound).
/// </summary>
internal readonly record struct Bound(ulong W0, ulong W1, ulong W2, ulong W3, bool IsInfinity)
{
    public static Bound Zero => default;

    public static Bound Infinity => new(0, 0, 0, 0, true);

    /// <summary>How many leading bytes carry the value; the rest are zero.</summary>
    public int PrefixLength
    {
        get
        {
            var words = (W0, W1, W2, W3);
            for (var i = 3; i >= 0; i--)
            {
                var word = i switch { 0 => words.W0, 1 => words.W1, 2 => words.W2, _ => words.W3 };
                if (word != 0)
                {
                    return (i * 8) + 8 - (System.Numerics.BitOperations.TrailingZeroCount(word) / 8);
                }
            }

            return 0;
        }
    }

    public static Bound FromPrefix(ReadOnlySpan<byte> prefix)
    {
        Span<byte> full = stackalloc byte[32];
        full.Clear();
        prefix.CopyTo(full);
        return FromBytes(full);
    }

    public static Bound FromBytes(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]),
        false);

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    public int CompareTo(Bound other)
    {
        if (IsInfinity || other.IsInfinity)
        {
            return IsInfinity.CompareTo(other.IsInfinity);
        }

        var c = W0.CompareTo(other.W0);
        if (c == 0)
        {
            c = W1.CompareTo(other.W1);
        }

        if (c == 0)
        {
            c = W2.CompareTo(other.W2);
        }

        return c == 0 ? W3.CompareTo(other.W3) : c;
    }
}
