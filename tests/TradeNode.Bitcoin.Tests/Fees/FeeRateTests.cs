using TradeNode.Bitcoin.Fees;

namespace TradeNode.Bitcoin.Tests.Fees;

public class FeeRateTests
{
    [Theory]
    [InlineData(1000, 141, 141)]
    [InlineData(1500, 141, 212)] // 211.5 rounds up
    [InlineData(2000, 0, 0)]
    [InlineData(1, 1, 1)] // a thousandth of a satoshi still costs a satoshi
    public void Fee_is_rate_times_size_rounded_up(long satsPerKvB, int vsize, long expectedFee)
    {
        Assert.Equal(Money.Satoshis(expectedFee), new FeeRate(satsPerKvB).GetFee(vsize));
    }

    [Fact]
    public void Fractional_rates_are_exact_and_over_precise_ones_are_refused()
    {
        Assert.Equal(new FeeRate(2500), FeeRate.FromSatoshisPerVByte(2.5m));
        Assert.Equal("2.5 sat/vB", FeeRate.FromSatoshisPerVByte(2.5m).ToString());
        Assert.Throws<ArgumentException>(() => FeeRate.FromSatoshisPerVByte(2.0005m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FeeRate(-1));
    }

    [Fact]
    public void Rate_from_a_paid_fee_rounds_down()
    {
        Assert.Equal(new FeeRate(1418), FeeRate.FromFee(Money.Satoshis(200), 141));
    }
}
