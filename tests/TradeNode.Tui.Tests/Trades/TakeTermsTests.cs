using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>The numbers a taker confirms: computed as the node computes them, amounts outside the offer refused.</summary>
public sealed class TakeTermsTests
{
    private static readonly Offer SellOffer = new()
    {
        OfferId = "o1",
        Direction = OfferDirection.Sell,
        AmountSats = 1_000_000,
        MinAmountSats = 500_000,
        Price = new FiatAmount { Amount = "62000.5", Currency = "EUR" },
        PaymentMethodId = "SEPA",
        BuyerDepositBps = 1500,
        SellerDepositBps = 1001,
        MaxFiat = new FiatAmount { Amount = "620.01", Currency = "EUR" },
        MinFiat = new FiatAmount { Amount = "310", Currency = "EUR" },
    };

    [Fact]
    public void Taking_a_sell_offer_buys_and_funds_only_the_buyer_deposit_rounded_up()
    {
        var terms = TakeTerms.TryCreate(SellOffer, "0.00800001", out var error)!;

        Assert.Empty(error);
        Assert.Equal(TradeSide.Buyer, terms.MySide);
        Assert.Equal(800_001, terms.AmountSats);
        Assert.Equal(120_001, terms.BuyerDepositSats); // 800001 * 15% = 120000.15, rounded up
        Assert.Equal(80_081, terms.SellerDepositSats); // 800001 * 10.01% = 80080.1001, rounded up
        Assert.Equal(800_001 + 120_001 + 80_081, terms.EscrowSats);
        Assert.Equal(120_001, terms.MyShareSats);
        Assert.Equal("496.00", terms.Fiat.Amount); // 62000.5 * 0.00800001 = 496.0046..., to cents
        Assert.Contains("You BUY 0.00800001 BTC and pay 496.00 EUR by SEPA.", terms.Summary("Ada"), StringComparison.Ordinal);
    }

    [Fact]
    public void Taking_a_buy_offer_sells_and_funds_the_amount_and_the_seller_deposit()
    {
        var offer = SellOffer.Clone();
        offer.Direction = OfferDirection.Buy;

        var terms = TakeTerms.TryCreate(offer, "0.01", out _)!;

        Assert.Equal(TradeSide.Seller, terms.MySide);
        Assert.Equal(1_000_000 + 100_100, terms.MyShareSats);
        Assert.Equal("620.01", terms.Fiat.Amount); // the node's own figure for the whole amount
        Assert.StartsWith("You SELL 0.01000000 BTC and receive 620.01 EUR", terms.Summary("Ada"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.011", "Between 0.00500000 and 0.01000000 BTC.")]
    [InlineData("0.004", "Between 0.00500000 and 0.01000000 BTC.")]
    [InlineData("abc", "A positive BTC amount, at most 8 decimals.")]
    [InlineData("0.000000001", "A positive BTC amount, at most 8 decimals.")]
    public void Amounts_outside_the_offer_are_refused_with_the_range(string amount, string expected)
    {
        Assert.Null(TakeTerms.TryCreate(SellOffer, amount, out var error));
        Assert.Equal(expected, error);
    }
}
