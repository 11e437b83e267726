using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

/// <summary>How a transaction's confirmation count reads after its id in the trade and order views.</summary>
public sealed class TradeTextTests
{
    [Theory]
    [InlineData("ab12", 3, " (3 conf)")]
    [InlineData("ab12", 1, " (1 conf)")]
    [InlineData("ab12", 0, " (unconfirmed)")]
    [InlineData("ab12", -1, "")]
    [InlineData("", 0, "")]
    public void Confirmations_read_as_a_count_unconfirmed_or_nothing(string txid, int count, string expected)
    {
        Assert.Equal(expected, TradeText.Confirmations(txid, count));
    }

    [Fact]
    public void A_txid_with_a_count_is_shortened_to_fit_and_one_without_is_whole()
    {
        var txid = new string('a', 64);

        Assert.Equal("aaaaaaaaaaaaaaaa… (2 conf)", TradeText.Tx(txid, 2));
        Assert.Equal(txid, TradeText.Tx(txid, -1));
        Assert.Equal("-", TradeText.Tx(string.Empty, -1));
    }
}
