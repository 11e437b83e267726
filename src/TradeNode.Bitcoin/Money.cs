using System.Globalization;

namespace TradeNode.Bitcoin;

/// <summary>An amount of bitcoin as a whole number of satoshis. Never floating point.</summary>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    public const long CoinSatoshis = 100_000_000;

    /// <summary>Bitcoin Core's MAX_MONEY: 21 million BTC.</summary>
    public const long MaxSatoshis = 21_000_000 * CoinSatoshis;

    public Money(long satoshi)
    {
        Satoshi = satoshi;
    }

    public long Satoshi { get; }

    public static Money Zero => default;

    public static Money Satoshis(long satoshis) => new(satoshis);

    /// <summary>An exact amount of BTC; more than eight decimal places is an error, not a rounding.</summary>
    public static Money Coins(decimal btc)
    {
        var sats = btc * CoinSatoshis;
        if (sats != decimal.Truncate(sats))
        {
            throw new ArgumentException("A bitcoin amount has at most eight decimal places.", nameof(btc));
        }

        return new Money(checked((long)sats));
    }

    /// <summary>True when the amount is between zero and 21 million BTC (Bitcoin Core's MoneyRange).</summary>
    public bool IsInMoneyRange => Satoshi >= 0 && Satoshi <= MaxSatoshis;

    public decimal ToDecimalBtc() => (decimal)Satoshi / CoinSatoshis;

    /// <summary>Parses a BTC amount such as "0.015" exactly.</summary>
    public static Money Parse(string btc)
    {
        if (!TryParse(btc, out var money))
        {
            throw new FormatException($"'{btc}' is not a bitcoin amount (digits, at most eight decimal places).");
        }

        return money;
    }

    public static bool TryParse(string? btc, out Money money)
    {
        money = Zero;
        if (string.IsNullOrWhiteSpace(btc)
            || !decimal.TryParse(btc, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var sats = value * CoinSatoshis;
        if (sats != decimal.Truncate(sats) || Math.Abs(sats) > MaxSatoshis)
        {
            return false;
        }

        money = new Money((long)sats);
        return true;
    }

    public override string ToString() => ToDecimalBtc().ToString("0.00000000", CultureInfo.InvariantCulture);

    public bool Equals(Money other) => Satoshi == other.Satoshi;

    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    public override int GetHashCode() => Satoshi.GetHashCode();

    public int CompareTo(Money other) => Satoshi.CompareTo(other.Satoshi);

    public static Money operator +(Money a, Money b) => new(checked(a.Satoshi + b.Satoshi));

    public static Money operator -(Money a, Money b) => new(checked(a.Satoshi - b.Satoshi));

    public static Money operator -(Money a) => new(checked(-a.Satoshi));

    public static Money operator *(Money a, long b) => new(checked(a.Satoshi * b));

    public static bool operator ==(Money a, Money b) => a.Satoshi == b.Satoshi;

    public static bool operator !=(Money a, Money b) => a.Satoshi != b.Satoshi;

    public static bool operator <(Money a, Money b) => a.Satoshi < b.Satoshi;

    public static bool operator >(Money a, Money b) => a.Satoshi > b.Satoshi;

    public static bool operator <=(Money a, Money b) => a.Satoshi <= b.Satoshi;

    public static bool operator >=(Money a, Money b) => a.Satoshi >= b.Satoshi;
}
