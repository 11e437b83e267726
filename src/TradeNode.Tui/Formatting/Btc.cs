using System.Globalization;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// Bitcoin amounts as people read and type them: eight decimals of BTC on screen, exact satoshis underneath (never
/// floating point).
/// </summary>
public static class Btc
{
    private const long SatsPerBtc = 100_000_000;

    /// <summary>"0.00150000 BTC"-style text without the unit.</summary>
    public static string Format(long sats) =>
        (sats / (decimal)SatsPerBtc).ToString("0.00000000", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads a BTC amount such as <c>0.0015</c> into satoshis; false for anything that is not a positive amount with at
    /// most eight decimals.
    /// </summary>
    public static bool TryParse(string? text, out long sats)
    {
        sats = 0;
        if (!decimal.TryParse(text?.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var btc))
        {
            return false;
        }

        var scaled = btc * SatsPerBtc;
        if (scaled <= 0 || scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
        {
            return false;
        }

        sats = (long)scaled;
        return true;
    }
}
