using System.CommandLine.Parsing;
using System.Globalization;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;
using TradeNode.Bitcoin;

namespace TradeNode.Commands.Client;

/// <summary>
/// Parsers of client verb options, each error one sentence naming the option. Amounts are exact: integer satoshis, or
/// bitcoin with a <c>btc</c> suffix parsed as a decimal (never floating point).
/// </summary>
internal static class ClientParsers
{
    public static string? ParseNetwork(ArgumentResult result)
    {
        var text = Token(result);
        if (ApiDefaults.Networks.Contains(text))
        {
            return text;
        }

        result.AddError($"Unknown network '{text}': use regtest, signet, testnet or mainnet.");
        return null;
    }

    public static Uri? ParseUrl(ArgumentResult result)
    {
        var text = Token(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"--api takes a URL such as http://127.0.0.1:18736, not '{text}'.");
        return null;
    }

    /// <summary>An amount for the option being parsed: satoshis (<c>1000000</c>, <c>1000000sats</c>) or bitcoin (<c>0.01btc</c>).</summary>
    public static long ParseSats(ArgumentResult result)
    {
        var text = Token(result);
        if (TryParseSats(text, out var sats) && sats > 0)
        {
            return sats;
        }

        result.AddError($"{Name(result)} is a positive amount in satoshis (1000000) or in bitcoin with a btc suffix (0.01btc, at most 8 decimals), not '{text}'.");
        return 0;
    }

    /// <summary>Satoshis from "1000000", "1000000sats" or "0.01btc"; false for anything else, negatives and more than 21 million BTC.</summary>
    public static bool TryParseSats(string text, out long sats)
    {
        sats = 0;
        var trimmed = text.Trim();
        if (trimmed.EndsWith("btc", StringComparison.OrdinalIgnoreCase))
        {
            var number = trimmed[..^3].TrimEnd();
            if (number.Length == 0 || !char.IsAsciiDigit(number[0]) && number[0] != '.' || !Money.TryParse(number, out var money) || money.Satoshi < 0)
            {
                return false;
            }

            sats = money.Satoshi;
            return true;
        }

        var digits = trimmed.EndsWith("sats", StringComparison.OrdinalIgnoreCase) ? trimmed[..^4].TrimEnd()
            : trimmed.EndsWith("sat", StringComparison.OrdinalIgnoreCase) ? trimmed[..^3].TrimEnd()
            : trimmed;
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out sats) && sats <= Money.MaxSatoshis;
    }

    public static OfferDirection ParseDirection(ArgumentResult result)
    {
        var text = Token(result);
        switch (text.ToUpperInvariant())
        {
            case "BUY":
                return OfferDirection.Buy;
            case "SELL":
                return OfferDirection.Sell;
            default:
                result.AddError($"{Name(result)} is buy or sell (what the maker does with bitcoin), not '{text}'.");
                return OfferDirection.Unspecified;
        }
    }

    /// <summary>A positive exact decimal with a dot, e.g. "62000.50"; returned in the same form.</summary>
    public static string? ParseDecimal(ArgumentResult result)
    {
        var text = Token(result);
        if (TryParseDecimal(text, out var value) && value > 0)
        {
            return value.ToString(CultureInfo.InvariantCulture);
        }

        result.AddError($"{Name(result)} is a positive decimal number with a dot, e.g. 62000.50, not '{text}'.");
        return null;
    }

    public static string? ParseCurrency(ArgumentResult result)
    {
        var text = Token(result);
        if (text.Length == 3 && text.All(char.IsAsciiLetter))
        {
            return text.ToUpperInvariant();
        }

        result.AddError($"{Name(result)} is an ISO 4217 currency code such as EUR or USD, not '{text}'.");
        return null;
    }

    /// <summary>A percentage ("15", "15%", "12.5%") as basis points (1500, 1250); whole basis points from 0 to 100%.</summary>
    public static int ParsePercentAsBps(ArgumentResult result)
    {
        var text = Token(result);
        var number = text.EndsWith('%') ? text[..^1] : text;
        if (TryParseDecimal(number, out var percent) && percent <= 100 && percent * 100 == decimal.Truncate(percent * 100))
        {
            return (int)(percent * 100);
        }

        result.AddError($"{Name(result)} is a percentage from 0 to 100 with at most two decimals, e.g. 15%, not '{text}'.");
        return 0;
    }

    /// <summary>A price of one unit: satoshis ("50000"), bitcoin ("0.0005btc") or fiat ("25.00EUR", "25 EUR").</summary>
    public static Price? ParsePrice(ArgumentResult result)
    {
        var text = Token(result);
        if (TryParsePrice(text, out var price))
        {
            return price;
        }

        result.AddError($"{Name(result)} is satoshis (50000), bitcoin (0.0005btc) or a fiat amount with its currency (25.00EUR), not '{text}'.");
        return null;
    }

    /// <summary>A shipping option NAME:REGIONS:PRICE, e.g. "Standard:DE,AT:5000" or "Express:WORLD:12.50EUR".</summary>
    public static ShippingOption ParseShipping(string text)
    {
        var parts = text.Split(':');
        if (parts.Length == 3 && parts[0].Trim().Length > 0 && TryParsePrice(parts[2], out var price))
        {
            var regions = parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (regions.Length > 0 && regions.All(region => region.All(char.IsAsciiLetter)))
            {
                var option = new ShippingOption { Name = parts[0].Trim(), Price = price };
                option.Regions.AddRange(regions.Select(region => region.ToUpperInvariant()));
                return option;
            }
        }

        throw new UsageException($"--shipping is NAME:REGIONS:PRICE, e.g. Standard:DE,AT:5000 or Express:WORLD:12.50EUR, not '{text}'.");
    }

    public static ItemCondition ParseCondition(ArgumentResult result)
    {
        var text = Token(result);
        switch (text.ToUpperInvariant())
        {
            case "NEW":
                return ItemCondition.New;
            case "USED":
                return ItemCondition.Used;
            case "REFURBISHED":
                return ItemCondition.Refurbished;
            case "DIGITAL":
                return ItemCondition.Digital;
            default:
                result.AddError($"{Name(result)} is new, used, refurbished or digital, not '{text}'.");
                return ItemCondition.Unspecified;
        }
    }

    public static OfferSort ParseOfferSort(ArgumentResult result)
    {
        var text = Token(result);
        switch (text.ToUpperInvariant())
        {
            case "BEST":
                return OfferSort.Unspecified;
            case "PRICE-ASC":
                return OfferSort.PriceAscending;
            case "PRICE-DESC":
                return OfferSort.PriceDescending;
            case "NEWEST":
                return OfferSort.Newest;
            default:
                result.AddError($"{Name(result)} is best, price-asc, price-desc or newest, not '{text}'.");
                return OfferSort.Unspecified;
        }
    }

    public static ListingSort ParseListingSort(ArgumentResult result)
    {
        var text = Token(result);
        switch (text.ToUpperInvariant())
        {
            case "RELEVANCE":
                return ListingSort.Unspecified;
            case "NEWEST":
                return ListingSort.Newest;
            case "PRICE-ASC":
                return ListingSort.PriceAscending;
            case "PRICE-DESC":
                return ListingSort.PriceDescending;
            default:
                result.AddError($"{Name(result)} is relevance, newest, price-asc or price-desc, not '{text}'.");
                return ListingSort.Unspecified;
        }
    }

    /// <summary>A host:port with a port from 1 to 65535.</summary>
    public static string? ParseHostPort(ArgumentResult result)
    {
        var text = Token(result);
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            return text;
        }

        result.AddError($"{Name(result)} is host:port, e.g. 127.0.0.1:9735, not '{text}'.");
        return null;
    }

    private static bool TryParsePrice(string text, out Price price)
    {
        price = new Price();
        var trimmed = text.Trim();
        if (trimmed.Length > 3 && trimmed[^3..].All(char.IsAsciiLetter) && !trimmed.EndsWith("btc", StringComparison.OrdinalIgnoreCase)
            && !trimmed.EndsWith("sat", StringComparison.OrdinalIgnoreCase))
        {
            var number = trimmed[..^3].TrimEnd();
            if (TryParseDecimal(number, out var amount) && amount > 0)
            {
                price.Fiat = new FiatAmount { Amount = amount.ToString(CultureInfo.InvariantCulture), Currency = trimmed[^3..].ToUpperInvariant() };
                return true;
            }

            return false;
        }

        if (TryParseSats(trimmed, out var sats) && sats > 0)
        {
            price.Sats = sats;
            return true;
        }

        return false;
    }

    private static bool TryParseDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    private static string Name(ArgumentResult result) => result.Parent switch
    {
        OptionResult option => option.Option.Name,
        _ => result.Argument.Name.ToUpperInvariant(),
    };

    private static string Token(ArgumentResult result) => result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
}
