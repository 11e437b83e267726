using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;

namespace TradeNode.Core.Tests.Market;

public sealed class OfferValidationTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "direction", "direction" },
        { "amount-small", "amount_sats" },
        { "amount-huge", "amount_sats" },
        { "min-above-amount", "min_amount_sats" },
        { "min-small", "min_amount_sats" },
        { "price-zero", "price" },
        { "price-negative", "price" },
        { "price-decimals", "price" },
        { "price-huge", "price" },
        { "currency-lower", "currency" },
        { "currency-long", "currency" },
        { "method-unknown", "payment_method_id" },
        { "method-currency", "payment_method_id" },
        { "buyer-deposit-low", "buyer_deposit_bps" },
        { "seller-deposit-high", "seller_deposit_bps" },
        { "no-arbitrators", "arbitrators" },
        { "bad-arbitrator", "arbitrators" },
        { "duplicate-arbitrator", "arbitrators" },
        { "terms-long", "terms" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_field_is_named_in_the_error(string mutation, string field)
    {
        var good = Drafts.Offer();
        var draft = mutation switch
        {
            "direction" => good with { Direction = 0 },
            "amount-small" => good with { AmountSats = 9_999, MinAmountSats = 0 },
            "amount-huge" => good with { AmountSats = OfferRules.MaxTradeSats + 1 },
            "min-above-amount" => good with { MinAmountSats = good.AmountSats + 1 },
            "min-small" => good with { MinAmountSats = 5 },
            "price-zero" => good with { Price = 0 },
            "price-negative" => good with { Price = -1 },
            "price-decimals" => good with { Price = 1.123456789m },
            "price-huge" => good with { Price = OfferRules.MaxPrice + 1 },
            "currency-lower" => good with { Currency = "eur" },
            "currency-long" => good with { Currency = "EURO" },
            "method-unknown" => good with { PaymentMethodId = "CARRIER_PIGEON" },
            "method-currency" => good with { Currency = "USD", PaymentMethodId = "SEPA" },
            "buyer-deposit-low" => good with { BuyerDepositBps = 100 },
            "seller-deposit-high" => good with { SellerDepositBps = 9_000 },
            "no-arbitrators" => good with { Arbitrators = [] },
            "bad-arbitrator" => good with { Arbitrators = ["tn1notanodeid"] },
            "duplicate-arbitrator" => good with { Arbitrators = [Drafts.Arbitrator, Drafts.Arbitrator] },
            "terms-long" => good with { Terms = new string('t', 501) },
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        var error = Assert.Throws<InvalidInputException>(() => OfferCodec.Validate(draft, DateTimeOffset.UtcNow));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_draft_gives_a_canonical_body()
    {
        var body = OfferCodec.Validate(Drafts.Offer(price: 61_234.500m) with { MinAmountSats = 0, BuyerDepositBps = 0, SellerDepositBps = 2500, Terms = "Evenings only." }, DateTimeOffset.UtcNow);

        Assert.Equal("61234.5", body.Price);
        Assert.Equal(body.AmountSats, body.MinAmountSats);
        Assert.Equal("SEPA", body.PaymentMethod);
        Assert.Equal((uint)OfferRules.DefaultDepositBps, body.BuyerDepositBps);
        Assert.Equal(2500u, body.SellerDepositBps);
        Assert.Equal("Evenings only.", body.Terms);
    }

    [Fact]
    public void Fiat_amounts_are_exact_and_rounded_to_minor_units()
    {
        var offer = new Offer
        {
            Id = new string('a', 32),
            MakerId = default,
            MakerKey = default,
            Direction = OfferDirection.Sell,
            AmountSats = 123_456_789,
            MinAmountSats = 10_000,
            Price = 61_234.56m,
            Currency = "JPY",
            PaymentMethodId = "WISE",
            BuyerDepositBps = 1500,
            SellerDepositBps = 1500,
            Arbitrators = [],
            Created = DateTimeOffset.UnixEpoch,
            Expires = DateTimeOffset.UnixEpoch,
            Sequence = 1,
        };

        // 1.23456789 BTC * 61234.56 = 75598.22... -> 75598 yen (no minor units); 0.0001 BTC -> 6.123456 -> 6 yen.
        Assert.Equal(75_598m, offer.MaxFiatAmount);
        Assert.Equal(6m, offer.MinFiatAmount);
        Assert.Equal(TimeSpan.FromDays(4), offer.MaxTradePeriod);
        Assert.Equal(18_518_519, offer.SellerDepositSats(offer.AmountSats));
        Assert.Equal(122.47m, (offer with { Currency = "EUR" }).FiatFor(200_000));
    }

    [Fact]
    public void The_payment_method_table_finds_by_id_and_knows_its_periods()
    {
        Assert.Equal(TimeSpan.FromDays(6), PaymentMethods.Find("SEPA")!.MaxTradePeriod);
        Assert.Equal(TimeSpan.FromDays(1), PaymentMethods.Find("SEPA_INSTANT")!.MaxTradePeriod);
        Assert.Equal(TimeSpan.FromDays(4), PaymentMethods.Find("ZELLE")!.MaxTradePeriod);
        Assert.Null(PaymentMethods.Find("sepa"));
        Assert.Equal(PaymentMethods.All.Count, PaymentMethods.All.Select(m => m.Id).Distinct().Count());
        Assert.True(PaymentMethods.Find("WISE")!.Supports("NZD"));
        Assert.False(PaymentMethods.Find("ZELLE")!.Supports("EUR"));
    }
}
