using Microsoft.Extensions.Time.Testing;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

public class TokenBucketTests
{
    [Fact]
    public void A_bucket_spends_its_burst_then_refills_at_its_rate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 10, ratePerSecond: 2, time);

        Assert.True(bucket.TryTake(10));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());
    }

    [Fact]
    public void A_bucket_never_holds_more_than_its_capacity()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 5, ratePerSecond: 100, time);

        time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(5, bucket.Available, 3);
        Assert.False(bucket.TryTake(6));
        Assert.True(bucket.TryTake(5));
    }

    [Fact]
    public void Take_goes_into_debt_and_says_how_long_to_wait()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(capacity: 10, ratePerSecond: 4, time);

        Assert.Equal(TimeSpan.Zero, bucket.Take(10));
        Assert.Equal(TimeSpan.FromSeconds(2), bucket.Take(8));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, bucket.Available, 3);
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.Take(1));
    }
}
