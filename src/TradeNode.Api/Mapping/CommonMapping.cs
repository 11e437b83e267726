using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.P2P.Identity;

namespace TradeNode.Api.Mapping;

/// <summary>Shared conversions: times, fiat amounts, prices, node ids, pages, change kinds.</summary>
internal static class CommonMapping
{
    public static Timestamp ToTimestamp(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);

    public static V1.FiatAmount ToFiat(decimal amount, string currency) => new() { Amount = Currencies.Format(amount), Currency = currency };

    public static Price ToPrice(Core.Market.Listings.ListingPrice price) => price.Sats is { } sats
        ? new Price { Sats = sats }
        : new Price { Fiat = ToFiat(price.Fiat!.Amount, price.Fiat.Currency) };

    /// <summary>A price from the API; <paramref name="field"/> names it in errors.</summary>
    public static Core.Market.Listings.ListingPrice FromPrice(Price? price, string field)
    {
        switch (price?.ValueCase)
        {
            case Price.ValueOneofCase.Sats:
                return Core.Market.Listings.ListingPrice.InSats(price.Sats);
            case Price.ValueOneofCase.Fiat:
                if (!Currencies.TryParseDecimal(price.Fiat.Amount, out var amount))
                {
                    throw new InvalidInputException($"{field}.fiat.amount", $"The field {field}.fiat.amount must be a decimal such as 19.99, not '{price.Fiat.Amount}'.");
                }

                return Core.Market.Listings.ListingPrice.InFiat(price.Fiat.Currency, amount);
            default:
                throw new InvalidInputException(field, $"The field {field} is required: a price in sats or in fiat.");
        }
    }

    /// <summary>A node id from the API; empty gives null; malformed is an <see cref="InvalidInputException"/> naming <paramref name="field"/>.</summary>
    public static NodeId? ParseNodeId(string text, string field)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return NodeId.TryParse(text, out var id, out var error)
            ? id
            : throw new InvalidInputException(field, $"The field {field} must be a node id (tn1...): {error}");
    }

    public static PageInfo ToPageInfo<T>(MarketPage<T> page) => new() { NextPageToken = page.NextPageToken ?? string.Empty, TotalCount = page.TotalCount };

    public static ChangeKind ToChangeKind(MarketChangeKind kind) => kind switch
    {
        MarketChangeKind.Added => ChangeKind.Added,
        MarketChangeKind.Updated => ChangeKind.Updated,
        _ => ChangeKind.Removed,
    };
}
