namespace TradeNode.Core.Market.Listings;

/// <summary>A price of goods or shipping: satoshis, or an exact fiat amount. Exactly one is set.</summary>
/// <param name="Sats">The price in satoshis, or null for a fiat price.</param>
/// <param name="Fiat">The fiat price, or null for a price in satoshis.</param>
public sealed record ListingPrice(long? Sats, FiatAmount? Fiat)
{
    /// <summary>A price of <paramref name="sats"/> satoshis.</summary>
    public static ListingPrice InSats(long sats) => new(sats, null);

    /// <summary>A price of <paramref name="amount"/> in <paramref name="currency"/>.</summary>
    public static ListingPrice InFiat(string currency, decimal amount) => new(null, new FiatAmount(currency, amount));

    /// <summary>"1500 sats" or "19.99 EUR".</summary>
    public override string ToString() => Sats is { } sats ? $"{sats} sats" : Fiat?.ToString() ?? string.Empty;
}
