namespace TradeNode.P2P.Transport;

/// <summary>
/// A peer's misbehaviour points and the time they were last brought up to date. Points fall by a fixed number per
/// hour, so an honest peer that trips over a rule now and then (an item that expired on the way, a burst on
/// reconnect) is never banned for the sum of a week's slips, while a peer that keeps misbehaving still reaches the
/// ban score quickly. Whole points only: the time of a part-point is carried to the next update, not lost, so
/// frequent updates decay at the same rate as rare ones.
/// </summary>
/// <param name="Points">The points after the last update.</param>
/// <param name="UpdatedAt">The time up to which decay has been applied.</param>
public readonly record struct MisbehaviourScore(int Points, DateTimeOffset UpdatedAt)
{
    /// <summary>This score with the decay of <paramref name="pointsPerHour"/> applied up to <paramref name="now"/>.</summary>
    public MisbehaviourScore DecayedTo(DateTimeOffset now, int pointsPerHour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pointsPerHour);
        var elapsed = now - UpdatedAt;
        if (elapsed <= TimeSpan.Zero)
        {
            return this;
        }

        if (Points == 0 || pointsPerHour == 0)
        {
            return Points == 0 ? new MisbehaviourScore(0, now) : this;
        }

        var decay = (long)(elapsed.Ticks * (decimal)pointsPerHour / TimeSpan.TicksPerHour);
        if (decay >= Points)
        {
            return new MisbehaviourScore(0, now);
        }

        // Only the time that the whole decayed points stand for is consumed; the rest counts towards the next point.
        var consumed = TimeSpan.FromTicks((long)Math.Ceiling(decay * (decimal)TimeSpan.TicksPerHour / pointsPerHour));
        return new MisbehaviourScore(Points - (int)decay, UpdatedAt + consumed);
    }

    /// <summary>This score plus <paramref name="points"/> (saturating, never negative).</summary>
    public MisbehaviourScore Add(int points) =>
        this with { Points = (int)Math.Clamp((long)Points + points, 0, int.MaxValue) };
}
