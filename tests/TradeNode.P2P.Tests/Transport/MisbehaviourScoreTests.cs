using TradeNode.P2P.Transport;

namespace TradeNode.P2P.Tests.Transport;

public class MisbehaviourScoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Points_fall_by_the_rate_per_hour_and_stop_at_zero()
    {
        var score = new MisbehaviourScore(90, Start);

        Assert.Equal(80, score.DecayedTo(Start.AddHours(1), 10).Points);
        Assert.Equal(45, score.DecayedTo(Start.AddHours(4.5), 10).Points);
        Assert.Equal(0, score.DecayedTo(Start.AddHours(9), 10).Points);
        Assert.Equal(0, score.DecayedTo(Start.AddDays(30), 10).Points);
    }

    [Fact]
    public void Frequent_updates_decay_as_fast_as_one_late_update()
    {
        var score = new MisbehaviourScore(90, Start);
        for (var minute = 1; minute <= 6 * 60; minute++)
        {
            score = score.DecayedTo(Start.AddMinutes(minute), 10);
        }

        Assert.Equal(30, score.Points);
        Assert.Equal(new MisbehaviourScore(90, Start).DecayedTo(Start.AddHours(6), 10).Points, score.Points);
    }

    [Fact]
    public void A_clock_that_goes_back_or_a_zero_rate_changes_nothing()
    {
        var score = new MisbehaviourScore(50, Start);

        Assert.Equal(score, score.DecayedTo(Start.AddHours(-3), 10));
        Assert.Equal(50, score.DecayedTo(Start.AddHours(3), 0).Points);
    }

    [Fact]
    public void Adding_saturates_instead_of_overflowing()
    {
        Assert.Equal(int.MaxValue, new MisbehaviourScore(int.MaxValue - 1, Start).Add(100).Points);
        Assert.Equal(15, new MisbehaviourScore(5, Start).Add(10).Points);
    }
}
