using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>
/// Reads what a vendor types into the listing form, in the CLI's notation: a price is bitcoin ("0.0012 BTC"),
/// satoshis ("120000 sat") or fiat with its ISO code ("45.00 EUR"); a shipping option is NAME:REGIONS:PRICE and
/// several are separated by ';' ("Standard:DE,AT:0.00015 BTC; World:WORLD:0.0004 BTC"). And writes them back the
/// same way, so editing a listing starts from its current values.
/// </summary>
public static class ListingInput
{
    /// <summary>Parses a price; false when it is none of the three forms or not positive.</summary>
    public static bool TryParsePrice(string? text, out Price price)
    {
        price = new Price();
        var trimmed = (text ?? string.Empty).Trim();
        var split = trimmed.Length;
        while (split > 0 && char.IsAsciiLetter(trimmed[split - 1]))
        {
            split--;
        }

        var number = trimmed[..split].Trim();
        var unit = trimmed[split..].ToUpperInvariant();
        if (unit is "BTC" or "")
        {
            if (Btc.TryParse(number, out var sats))
            {
                price.Sats = sats;
                return true;
            }

            return false;
        }

        if (unit is "SAT" or "SATS")
        {
            if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var sats) && sats > 0)
            {
                price.Sats = sats;
                return true;
            }

            return false;
        }

        if (unit.Length == 3 && decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            price.Fiat = new FiatAmount { Amount = amount.ToString(CultureInfo.InvariantCulture), Currency = unit };
            return true;
        }

        return false;
    }

    /// <summary>Parses the shipping options; false (with the entry that is wrong) when one does not read.</summary>
    public static bool TryParseShipping(string? text, out List<ShippingOption> options, out string wrong)
    {
        options = [];
        wrong = string.Empty;
        foreach (var entry in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            var regions = parts.Length == 3 ? parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (parts.Length != 3 || parts[0].Trim().Length == 0 || regions.Length == 0 || !regions.All(r => r.All(char.IsAsciiLetter))
                || !TryParsePrice(parts[2], out var price))
            {
                wrong = entry;
                return false;
            }

            var option = new ShippingOption { Name = parts[0].Trim(), Price = price };
            option.Regions.AddRange(regions.Select(r => r.ToUpperInvariant()));
            options.Add(option);
        }

        return true;
    }

    /// <summary>"0.0012 BTC" or "45.00 EUR".</summary>
    public static string FormatPrice(Price? price) => price?.ValueCase switch
    {
        Price.ValueOneofCase.Sats => (price.Sats / 100_000_000m).ToString("0.########", CultureInfo.InvariantCulture) + " BTC",
        Price.ValueOneofCase.Fiat => $"{price.Fiat.Amount} {price.Fiat.Currency}",
        _ => string.Empty,
    };

    /// <summary>The options in the form's notation.</summary>
    public static string FormatShipping(IEnumerable<ShippingOption> options) =>
        string.Join("; ", options.Select(o => $"{o.Name}:{string.Join(',', o.Regions)}:{FormatPrice(o.Price)}"));
}
