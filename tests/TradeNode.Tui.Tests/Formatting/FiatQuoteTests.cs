using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

public sealed class FiatQuoteTests
{
    [Theory]
    [InlineData("44.48", "61234.50", 72_639)] // 72638.55... rounds up
    [InlineData("44.48", "60000", 74_134)]
    [InlineData("60000", "60000", 100_000_000)] // exact: no rounding
    [InlineData("0.01", "1000000000000", 1)]
    [InlineData("1.23", "0.00000001", 12_300_000_000_000_000)]
    public void The_review_shows_the_node_s_rounding_up_to_whole_satoshis(string fiat, string rate, long sats)
    {
        Assert.True(FiatQuote.TryParseAmount(fiat, out var amount));
        Assert.True(FiatQuote.TryParseRate(rate, out var parsed));
        Assert.Equal(sats, FiatQuote.Sats(amount, parsed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("61,234.50")]
    [InlineData("0.000000001")]
    [InlineData("abc")]
    public void A_rate_that_is_not_a_positive_plain_decimal_of_at_most_eight_places_is_refused(string text) =>
        Assert.False(FiatQuote.TryParseRate(text, out _));
}
