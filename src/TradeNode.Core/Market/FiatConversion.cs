using System.Numerics;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;

namespace TradeNode.Core.Market;

/// <summary>
/// Exact conversion between fiat amounts and satoshis at a rate in fiat per bitcoin, in integer arithmetic (no
/// floating point, no rounded decimal division): a fiat amount buys <c>ceil(amount x 100,000,000 / rate)</c>
/// satoshis, rounded up to a whole satoshi so the payer never pays less than the fiat price.
/// </summary>
public static class FiatConversion
{
    /// <summary>Satoshis per bitcoin.</summary>
    public const long SatsPerBitcoin = 100_000_000;

    /// <summary>
    /// The satoshis <paramref name="fiat"/> buys at <paramref name="rate"/> (fiat per bitcoin), rounded up to a whole
    /// satoshi: <c>ceil(fiat x 100,000,000 / rate)</c>, computed exactly. Throws <see cref="ArgumentOutOfRangeException"/>
    /// for a negative amount or a rate that is not positive, <see cref="OverflowException"/> beyond <see cref="long"/>.
    /// </summary>
    public static long SatsFor(decimal fiat, decimal rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fiat);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);

        // fiat = F / 10^s and rate = R / 10^s with F, R integers at a common scale s: the quotient is F x 1e8 / R.
        var scale = Math.Max(fiat.Scale, rate.Scale);
        var numerator = Integer(fiat, scale) * SatsPerBitcoin;
        var denominator = Integer(rate, scale);
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        return (long)(remainder.IsZero ? quotient : quotient + 1);
    }

    /// <summary>
    /// Parses a rate in fiat per bitcoin as the wire and the CLI give it ("61234.50"): a plain positive decimal of at
    /// most <see cref="OfferRules.MaxPriceDecimals"/> places and at most <see cref="OfferRules.MaxPrice"/>;
    /// <see cref="InvalidInputException"/> naming <paramref name="field"/> otherwise.
    /// </summary>
    public static decimal ParseRate(string? text, string field)
    {
        if (!TryParseRate(text?.Trim(), out var rate))
        {
            throw new InvalidInputException(field, $"The field {field} must be a positive exact decimal in fiat per bitcoin, like 61234.50 (at most {OfferRules.MaxPriceDecimals} decimal places); '{MarketRules.Shorten(text)}' is not.");
        }

        return rate;
    }

    /// <summary>
    /// True when <paramref name="text"/> is a rate as <see cref="ParseRate"/> accepts it (exactly, no trimming: the form
    /// a contract carries).
    /// </summary>
    public static bool TryParseRate(string? text, out decimal rate) =>
        Currencies.TryParseDecimal(text, out rate) && rate > 0 && rate <= OfferRules.MaxPrice && Currencies.DecimalPlaces(rate) <= OfferRules.MaxPriceDecimals;

    private static BigInteger Integer(decimal value, int scale)
    {
        // A non-negative decimal is (96-bit integer) / 10^Scale; lift it to 10^scale exactly.
        var bits = decimal.GetBits(value);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        return mantissa * BigInteger.Pow(10, scale - value.Scale);
    }
}
