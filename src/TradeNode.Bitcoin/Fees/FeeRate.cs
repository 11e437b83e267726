using System.Globalization;

namespace TradeNode.Bitcoin.Fees;

/// <summary>
/// A fee rate held as satoshis per 1000 virtual bytes (Bitcoin Core's CFeeRate), so fractional sat/vB rates such as
/// 1.5 sat/vB stay exact. Fees round up, so a transaction never pays less than the rate.
/// </summary>
public readonly struct FeeRate : IEquatable<FeeRate>, IComparable<FeeRate>
{
    public FeeRate(long satoshisPerKiloVByte)
    {
        if (satoshisPerKiloVByte < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(satoshisPerKiloVByte), "A fee rate cannot be negative.");
        }

        SatoshisPerKiloVByte = satoshisPerKiloVByte;
    }

    /// <summary>Bitcoin Core's default minimum relay fee: 1 sat/vB.</summary>
    public static FeeRate MinRelay { get; } = new(1000);

    public long SatoshisPerKiloVByte { get; }

    public static FeeRate FromSatoshisPerVByte(long satoshisPerVByte) => new(checked(satoshisPerVByte * 1000));

    /// <summary>An exact rate in sat/vB with at most three decimals, such as 2.5.</summary>
    public static FeeRate FromSatoshisPerVByte(decimal satoshisPerVByte)
    {
        var perK = satoshisPerVByte * 1000;
        if (perK != decimal.Truncate(perK))
        {
            throw new ArgumentException("A fee rate has at most three decimals in sat/vB.", nameof(satoshisPerVByte));
        }

        return new FeeRate(checked((long)perK));
    }

    /// <summary>The rate a fee paid for a size gives (rounded down, as Core does).</summary>
    public static FeeRate FromFee(Money fee, int virtualSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(virtualSize);
        return new FeeRate(checked(fee.Satoshi * 1000) / virtualSize);
    }

    public decimal SatoshisPerVByte => SatoshisPerKiloVByte / 1000m;

    /// <summary>The fee for <paramref name="virtualSize"/> vbytes, rounded up to a whole satoshi.</summary>
    public Money GetFee(int virtualSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(virtualSize);
        var product = checked(SatoshisPerKiloVByte * virtualSize);
        return Money.Satoshis((product + 999) / 1000);
    }

    public override string ToString() => SatoshisPerVByte.ToString("0.###", CultureInfo.InvariantCulture) + " sat/vB";

    public bool Equals(FeeRate other) => SatoshisPerKiloVByte == other.SatoshisPerKiloVByte;

    public override bool Equals(object? obj) => obj is FeeRate other && Equals(other);

    public override int GetHashCode() => SatoshisPerKiloVByte.GetHashCode();

    public int CompareTo(FeeRate other) => SatoshisPerKiloVByte.CompareTo(other.SatoshisPerKiloVByte);

    public static bool operator ==(FeeRate a, FeeRate b) => a.Equals(b);

    public static bool operator !=(FeeRate a, FeeRate b) => !a.Equals(b);

    public static bool operator <(FeeRate a, FeeRate b) => a.CompareTo(b) < 0;

    public static bool operator >(FeeRate a, FeeRate b) => a.CompareTo(b) > 0;

    public static bool operator <=(FeeRate a, FeeRate b) => a.CompareTo(b) <= 0;

    public static bool operator >=(FeeRate a, FeeRate b) => a.CompareTo(b) >= 0;
}
