using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin;

/// <summary>
/// A 256-bit value such as a txid or a block hash. Bytes are kept in internal (serialization) order;
/// <see cref="ToString"/> shows them reversed, as Bitcoin Core displays hashes.
/// </summary>
public sealed class UInt256 : IEquatable<UInt256>, IComparable<UInt256>
{
    private readonly byte[] _bytes;

    public static readonly UInt256 Zero = new(new byte[32]);

    public static readonly UInt256 One = new(Enumerable.Range(0, 32).Select(i => i == 0 ? (byte)1 : (byte)0).ToArray());

    public UInt256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            throw new ArgumentException("A 256-bit value needs exactly 32 bytes.", nameof(bytes));
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>Parses the display form (byte-reversed hex, 64 characters).</summary>
    public static UInt256 Parse(string hex)
    {
        if (!TryParse(hex, out var value))
        {
            throw new FormatException("A 256-bit hash is 64 hexadecimal characters.");
        }

        return value;
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out UInt256? value)
    {
        value = null;
        if (hex is null || hex.Length != 64 || !DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            return false;
        }

        Array.Reverse(bytes);
        value = new UInt256(bytes);
        return true;
    }

    public ReadOnlySpan<byte> Span => _bytes;

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public override string ToString()
    {
        var reversed = ToBytes();
        Array.Reverse(reversed);
        return Convert.ToHexStringLower(reversed);
    }

    public bool Equals(UInt256? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as UInt256);

    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);

    /// <summary>Compares as little-endian 256-bit numbers (the byte order of the serialized form).</summary>
    public int CompareTo(UInt256? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 31; i >= 0; i--)
        {
            var c = _bytes[i].CompareTo(other._bytes[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    public static bool operator ==(UInt256? a, UInt256? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(UInt256? a, UInt256? b) => !(a == b);

    public static bool operator <(UInt256 a, UInt256 b) => a.CompareTo(b) < 0;

    public static bool operator >(UInt256 a, UInt256 b) => a.CompareTo(b) > 0;

    public static bool operator <=(UInt256 a, UInt256 b) => a.CompareTo(b) <= 0;

    public static bool operator >=(UInt256 a, UInt256 b) => a.CompareTo(b) >= 0;
}
