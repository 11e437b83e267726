using System.Numerics;

namespace TradeNode.Bitcoin.Blocks;

/// <summary>
/// A proof-of-work target in Bitcoin's compact form ("nBits"): a base-256 exponent in the top byte and a
/// 23-bit mantissa with a sign bit, as Bitcoin Core's arith_uint256::SetCompact/GetCompact.
/// </summary>
public readonly struct Target : IEquatable<Target>
{
    public Target(uint compact)
    {
        Compact = compact;
    }

    public uint Compact { get; }

    /// <summary>True when the compact form has its sign bit set with a non-zero mantissa (never valid).</summary>
    public bool IsNegative => (Compact & 0x00800000) != 0 && (Compact & 0x007fffff) != 0;

    /// <summary>True when the expanded value does not fit in 256 bits.</summary>
    public bool IsOverflow
    {
        get
        {
            var size = (int)(Compact >> 24);
            var word = Compact & 0x007fffff;
            return word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        }
    }

    /// <summary>The target as a non-negative integer (zero when the compact form is negative or overflows).</summary>
    public BigInteger ToBigInteger()
    {
        if (IsNegative || IsOverflow)
        {
            return BigInteger.Zero;
        }

        var size = (int)(Compact >> 24);
        var word = new BigInteger(Compact & 0x007fffff);
        return size <= 3 ? word >> (8 * (3 - size)) : word << (8 * (size - 3));
    }

    /// <summary>The compact form of a target, rounded down as Core's GetCompact.</summary>
    public static Target FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A target is never negative.");
        }

        var size = value.IsZero ? 0 : (int)((value.GetBitLength() + 7) / 8);
        var compact = size <= 3 ? (uint)(value << (8 * (3 - size))) : (uint)(value >> (8 * (size - 3)));
        if ((compact & 0x00800000) != 0)
        {
            compact >>= 8;
            size++;
        }

        return new Target(compact | ((uint)size << 24));
    }

    /// <summary>True when a block hash (read as a little-endian 256-bit number) is at or below this target.</summary>
    public bool IsMetBy(UInt256 hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var target = ToBigInteger();
        return !target.IsZero && new BigInteger(hash.Span, isUnsigned: true, isBigEndian: false) <= target;
    }

    public bool Equals(Target other) => Compact == other.Compact;

    public override bool Equals(object? obj) => obj is Target other && Equals(other);

    public override int GetHashCode() => (int)Compact;

    public override string ToString() => Compact.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    public static bool operator ==(Target a, Target b) => a.Equals(b);

    public static bool operator !=(Target a, Target b) => !a.Equals(b);
}
