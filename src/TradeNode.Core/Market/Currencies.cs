using System.Globalization;

namespace TradeNode.Core.Market;

/// <summary>
/// ISO 4217 facts the market needs: the shape of a code and the minor units fiat amounts are rounded to, and the
/// exact text form of decimals on the wire (invariant, '.' separator, no exponent, no trailing zeros).
/// </summary>
public static class Currencies
{
    // ISO 4217 currencies whose minor unit is not 2 (the common case); codes not listed use 2.
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.Ordinal)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0,
        ["PYG"] = 0, ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0,
        ["XPF"] = 0, ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>True for three ASCII upper-case letters (the form of an ISO 4217 code).</summary>
    public static bool IsValidCode(string? code) =>
        code is { Length: 3 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>Digits after the decimal point of <paramref name="code"/>'s minor unit (2 unless ISO 4217 says otherwise).</summary>
    public static int MinorUnits(string code) => Exceptions.GetValueOrDefault(code, 2);

    /// <summary>Rounds <paramref name="amount"/> to <paramref name="code"/>'s minor units, half away from zero.</summary>
    public static decimal Round(decimal amount, string code) => decimal.Round(amount, MinorUnits(code), MidpointRounding.AwayFromZero);

    /// <summary>Decimal places <paramref name="value"/> really uses (trailing zeros do not count).</summary>
    public static int DecimalPlaces(decimal value) => Normalize(value).Scale;

    /// <summary>The wire text of an exact decimal: invariant culture, no exponent, no trailing zeros ("61234.5").</summary>
    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses the wire text of an exact decimal: optional '-', digits, optional '.' and digits; nothing else.</summary>
    public static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0;
        return !string.IsNullOrEmpty(text) && text.Length <= 40 && text.All(c => c is (>= '0' and <= '9') or '.' or '-')
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
