using System.Globalization;
using System.Numerics;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// The satoshis an order on a listing priced in fiat will escrow, shown before it is placed: the node's rule,
/// <c>ceil(fiat total x 100,000,000 / rate)</c>, in exact integer arithmetic. The node computes it again when it places
/// the order; the order it returns is what counts.
/// </summary>
public static class FiatQuote
{
    /// <summary>Reads a rate in fiat per BTC such as <c>61234.50</c>: a plain positive decimal of at most eight places.</summary>
    public static bool TryParseRate(string? text, out decimal rate)
    {
        rate = 0;
        var trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length is > 0 and <= 30 && trimmed.All(c => char.IsAsciiDigit(c) || c == '.')
            && decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out rate)
            && rate > 0 && (rate * 100_000_000m) == decimal.Truncate(rate * 100_000_000m);
    }

    /// <summary>Reads an exact fiat amount as the API writes it ("19.99").</summary>
    public static bool TryParseAmount(string? text, out decimal amount) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && amount >= 0;

    /// <summary><c>ceil(<paramref name="fiat"/> x 100,000,000 / <paramref name="rate"/>)</c>, exactly.</summary>
    public static long Sats(decimal fiat, decimal rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fiat);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        var scale = Math.Max(fiat.Scale, rate.Scale);
        var numerator = Scaled(fiat, scale) * 100_000_000;
        var denominator = Scaled(rate, scale);
        return (long)((numerator + denominator - 1) / denominator);
    }

    /// <summary>"44.48" for an exact decimal (no exponent, no trailing zeros beyond the value's own).</summary>
    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static BigInteger Scaled(decimal value, int scale) =>
        new BigInteger(value * Pow10(value.Scale)) * BigInteger.Pow(10, scale - value.Scale);

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
