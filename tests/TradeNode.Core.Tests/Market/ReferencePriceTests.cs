using System.Security.Cryptography;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;

namespace TradeNode.Core.Tests.Market;

/// <summary>The reference price (median of the live offers in a currency) and the exact fiat to satoshi conversion.</summary>
public sealed class ReferencePriceTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch.AddDays(10);
    private static readonly NodeKey Maker = NodeIdentity.Generate().PublicKey;

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_price_whatever_the_direction_and_order()
    {
        var book = Book(Offer(61_000m, OfferDirection.Sell), Offer(59_000.5m, OfferDirection.Buy), Offer(60_000.25m, OfferDirection.Sell),
            Offer(75_000m, OfferDirection.Buy), Offer(10m, OfferDirection.Sell));

        Assert.Equal(new MarketPrice("EUR", 60_000.25m, 5), book.ReferencePrice("EUR", Now));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_exact_mean_of_the_two_middle_prices()
    {
        var book = Book(Offer(60_000.01m), Offer(60_000.02m), Offer(1m), Offer(90_000m, OfferDirection.Buy));

        var price = book.ReferencePrice("EUR", Now)!;

        Assert.Equal(60_000.015m, price.Price);
        Assert.Equal(4, price.OfferCount);
        Assert.Equal("60000.015", Currencies.Format(price.Price));
    }

    [Fact]
    public void Expired_offers_and_other_currencies_do_not_count_and_no_live_offer_means_no_price()
    {
        var book = Book(
            Offer(60_000m),
            Offer(62_000m),
            Offer(1_000_000m) with { Expires = Now },
            Offer(5m) with { Expires = Now.AddSeconds(-1) },
            Offer(9_000_000m, currency: "JPY"),
            Offer(1m, currency: "USD") with { Expires = Now.AddMinutes(-5) });

        Assert.Equal(new MarketPrice("EUR", 61_000m, 2), book.ReferencePrice("EUR", Now));
        Assert.Equal(new MarketPrice("JPY", 9_000_000m, 1), book.ReferencePrice("JPY", Now));
        Assert.Null(book.ReferencePrice("USD", Now));
        Assert.Null(book.ReferencePrice("CHF", Now));
        Assert.Null(book.ReferencePrice("EUR", Now.AddDays(2)));
    }

    [Theory]
    [InlineData("19.99", "60000", 33_317)] // 33316.666... rounds up
    [InlineData("60000", "60000", 100_000_000)] // exact: no rounding
    [InlineData("0.01", "1000000000000", 1)] // a fraction of a satoshi still costs one
    [InlineData("0", "61234.5", 0)]
    [InlineData("30.00", "60000.00", 50_000)] // trailing zeros change nothing
    [InlineData("47.98", "61234.50", 78_355)] // 78354.57... rounds up
    [InlineData("1.23", "0.00000001", 12_300_000_000_000_000)] // the largest quotient: every digit kept
    [InlineData("21000000", "1", 2_100_000_000_000_000)]
    public void Satoshis_are_the_fiat_amount_times_1e8_over_the_rate_rounded_up_exactly(string fiat, string rate, long expected)
    {
        Assert.Equal(expected, FiatConversion.SatsFor(decimal.Parse(fiat, System.Globalization.CultureInfo.InvariantCulture),
            decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_conversion_agrees_with_big_integer_arithmetic_on_random_amounts_and_rates()
    {
        var random = new Random(5);
        for (var i = 0; i < 2_000; i++)
        {
            var fiatCents = random.NextInt64(0, 10_000_000_000);
            var rateMicro = random.NextInt64(1, 100_000_000_000_000);
            var fiat = fiatCents / 100m;
            var rate = rateMicro / 1_000_000m;

            // fiat x 1e8 / rate = (cents / 100) x 1e8 / (micro / 1e6) = cents x 1e12 / micro.
            var numerator = (System.Numerics.BigInteger)fiatCents * 1_000_000_000_000;
            var expected = (numerator + rateMicro - 1) / rateMicro;
            if (expected > long.MaxValue)
            {
                continue;
            }

            Assert.Equal((long)expected, FiatConversion.SatsFor(fiat, rate));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-61234.5")]
    [InlineData("abc")]
    [InlineData("6e4")]
    [InlineData("61,234.50")]
    [InlineData("1.123456789")]
    [InlineData("1000000000000.01")]
    [InlineData("")]
    [InlineData(null)]
    public void A_rate_that_is_not_a_positive_plain_decimal_is_refused_naming_the_field(string? rate)
    {
        var error = Assert.Throws<InvalidInputException>(() => FiatConversion.ParseRate(rate, "rate"));
        Assert.Equal("rate", error.Field);
        Assert.False(FiatConversion.TryParseRate(rate, out _));
    }

    [Fact]
    public void A_valid_rate_parses_exactly()
    {
        Assert.Equal(61_234.50m, FiatConversion.ParseRate(" 61234.50 ", "rate"));
        Assert.Equal(0.00000001m, FiatConversion.ParseRate("0.00000001", "rate"));
    }

    private static OfferBook Book(params Offer[] offers)
    {
        var book = new OfferBook();
        foreach (var offer in offers)
        {
            Assert.NotNull(book.Apply(new ItemId(RandomNumberGenerator.GetBytes(32)), offer));
        }

        return book;
    }

    private static Offer Offer(decimal price, OfferDirection direction = OfferDirection.Sell, string currency = "EUR") => new()
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        MakerId = Maker.Id,
        MakerKey = Maker,
        Direction = direction,
        AmountSats = 1_000_000,
        MinAmountSats = 100_000,
        Price = price,
        Currency = currency,
        PaymentMethodId = "SEPA",
        BuyerDepositBps = 1500,
        SellerDepositBps = 1500,
        Arbitrators = [],
        Created = Now.AddHours(-1),
        Expires = Now.AddDays(1),
        Sequence = 1,
    };
}
