using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;

namespace TradeNode.Core.Tests.Market;

public sealed class ListingValidationTests
{
    public static TheoryData<string, string> Invalid => new()
    {
        { "title-empty", "title" },
        { "title-long", "title" },
        { "description-long", "description" },
        { "too-many-tags", "tags" },
        { "tag-upper", "tags" },
        { "tag-duplicate", "tags" },
        { "condition", "condition" },
        { "price-zero", "price" },
        { "price-both", "price" },
        { "price-fiat-decimals", "price" },
        { "price-fiat-currency", "price" },
        { "quantity", "quantity" },
        { "shipping-region", "shipping[0].regions" },
        { "shipping-no-region", "shipping[0].regions" },
        { "shipping-name", "shipping[1].name" },
        { "shipping-form", "shipping[0].price" },
        { "no-arbitrators", "arbitrators" },
        { "terms-long", "terms" },
        { "refund-long", "refund_policy" },
        { "xpub-garbage", "escrow_xpub" },
        { "xpub-mainnet", "escrow_xpub" },
        { "xpub-empty", "escrow_xpub" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_invalid_field_is_named_in_the_error(string mutation, string field)
    {
        var good = Drafts.Listing();
        var xpub = TradeNode.Bitcoin.Bip32.ExtPubKey.Parse(Drafts.Xpub, Network.RegTest);
        var draft = mutation switch
        {
            "title-empty" => good with { Title = " " },
            "title-long" => good with { Title = new string('t', 121) },
            "description-long" => good with { Description = new string('d', (8 * 1024) + 1) },
            "too-many-tags" => good with { Tags = [.. Enumerable.Range(0, 11).Select(i => $"t{i}")] },
            "tag-upper" => good with { Tags = ["Chess"] },
            "tag-duplicate" => good with { Tags = ["chess", "chess"] },
            "condition" => good with { Condition = 0 },
            "price-zero" => good with { Price = ListingPrice.InSats(0) },
            "price-both" => good with { Price = new ListingPrice(5, new TradeNode.Core.Market.FiatAmount("EUR", 5m)) },
            "price-fiat-decimals" => good with { Price = ListingPrice.InFiat("JPY", 10.5m), Shipping = [] },
            "price-fiat-currency" => good with { Price = ListingPrice.InFiat("E1R", 10m), Shipping = [] },
            "quantity" => good with { Quantity = -1 },
            "shipping-region" => good with { Shipping = [new ShippingOption("Post", ["Germany"], ListingPrice.InSats(1))] },
            "shipping-no-region" => good with { Shipping = [new ShippingOption("Post", [], ListingPrice.InSats(1))] },
            "shipping-name" => good with { Shipping = [good.Shipping[0], good.Shipping[1] with { Name = "" }] },
            "shipping-form" => good with { Shipping = [new ShippingOption("Post", ["DE"], ListingPrice.InFiat("EUR", 4.5m))] },
            "no-arbitrators" => good with { Arbitrators = [] },
            "terms-long" => good with { Terms = new string('x', 3000) },
            "refund-long" => good with { RefundPolicy = new string('x', 3000) },
            "xpub-garbage" => good with { EscrowXpub = "tpubnotreally" },
            "xpub-mainnet" => good with { EscrowXpub = xpub.ToString(Network.Main) },
            "xpub-empty" => good with { EscrowXpub = "" },
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        var error = Assert.Throws<InvalidInputException>(() => ListingCodec.Validate(draft, Network.RegTest, DateTimeOffset.UtcNow));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fiat_listing_with_fiat_shipping_in_the_same_currency_is_valid()
    {
        var draft = Drafts.Listing() with
        {
            Price = ListingPrice.InFiat("EUR", 19.90m),
            Shipping = [new ShippingOption("Post", ["WORLD"], ListingPrice.InFiat("EUR", 0m))],
        };

        var body = ListingCodec.Validate(draft, Network.RegTest, DateTimeOffset.UtcNow);

        Assert.Equal("19.9", body.Price.Fiat.Amount);
        Assert.Equal("EUR", body.Shipping[0].Price.Fiat.Currency);
    }

    [Theory]
    [InlineData(-1, "fee_bps")]
    [InlineData(1001, "fee_bps")]
    public void An_arbitrator_fee_out_of_bounds_is_named(int fee, string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => ArbitratorService.Validate(new ArbitratorDraft { FeeBps = fee, Languages = ["en"], EscrowXpub = Drafts.Xpub }, Network.RegTest));

        Assert.Equal(field, error.Field);
    }

    [Theory]
    [InlineData("languages")]
    [InlineData("escrow_xpub")]
    [InlineData("description")]
    public void Arbitrator_fields_are_named_in_errors(string field)
    {
        var draft = field switch
        {
            "languages" => new ArbitratorDraft { FeeBps = 10, Languages = ["EN"], EscrowXpub = Drafts.Xpub },
            "escrow_xpub" => new ArbitratorDraft { FeeBps = 10, Languages = ["en"], EscrowXpub = "xpub" },
            _ => new ArbitratorDraft { FeeBps = 10, Languages = ["en"], EscrowXpub = Drafts.Xpub, Description = new string('x', 5000) },
        };

        var error = Assert.Throws<InvalidInputException>(() => ArbitratorService.Validate(draft, Network.RegTest));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
