namespace TradeNode.P2P.Simulation;

/// <summary>A timer on a <see cref="SimulationClock"/>; a change cancels the previous schedule.</summary>
internal sealed class SimulationTimer : ITimer
{
    private readonly SimulationClock _clock;
    private readonly TimerCallback _callback;
    private readonly object? _state;
    private long _generation;
    private TimeSpan _period;

    public SimulationTimer(SimulationClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        _clock = clock;
        _callback = callback;
        _state = state;
        Change(dueTime, period);
    }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        var generation = ++_generation;
        _period = period;
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Schedule(dueTime, generation);
        }

        return true;
    }

    public void Dispose() => _generation++;

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Schedule(TimeSpan delay, long generation) =>
        _clock.Schedule(delay, () =>
        {
            if (generation != _generation)
            {
                return;
            }

            if (_period != Timeout.InfiniteTimeSpan && _period > TimeSpan.Zero)
            {
                Schedule(_period, generation);
            }

            _callback(_state);
        });
}
