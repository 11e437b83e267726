using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

public sealed class BtcTests
{
    [Theory]
    [InlineData("0.01", 1_000_000)]
    [InlineData("1", 100_000_000)]
    [InlineData(" 0.00000001 ", 1)]
    [InlineData("21000000", 2_100_000_000_000_000)]
    public void Amounts_in_BTC_read_as_exact_satoshis(string text, long sats)
    {
        Assert.True(Btc.TryParse(text, out var parsed));
        Assert.Equal(sats, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("0.000000001")]
    [InlineData("1e3")]
    [InlineData("1,5")]
    [InlineData("abc")]
    public void Zero_negative_too_precise_or_malformed_amounts_are_refused(string text)
    {
        Assert.False(Btc.TryParse(text, out var sats));
        Assert.Equal(0, sats);
    }

    [Fact]
    public void Satoshis_show_as_BTC_with_eight_decimals()
    {
        Assert.Equal("0.00150000", Btc.Format(150_000));
        Assert.Equal("50.00000000", Btc.Format(5_000_000_000));
    }
}
