namespace TradeNode.P2P.Simulation;

/// <summary>
/// Virtual time for the simulator: a discrete-event loop that is also a <see cref="TimeProvider"/>, so gossip
/// engines run on it unchanged. Nothing happens between events; <see cref="RunUntil"/> jumps from one to the
/// next. Events at the same instant run in the order they were scheduled. Single-threaded.
/// </summary>
public sealed class SimulationClock : TimeProvider
{
    private readonly PriorityQueue<Action, (long Ticks, long Sequence)> _events = new();
    private readonly DateTimeOffset _start;
    private long _sequence;

    public SimulationClock(DateTimeOffset start) => _start = start;

    /// <summary>Time since the clock started.</summary>
    public TimeSpan Elapsed { get; private set; }

    public int PendingEvents => _events.Count;

    /// <summary>Events run so far.</summary>
    public long EventsRun { get; private set; }

    public override DateTimeOffset GetUtcNow() => _start + Elapsed;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Elapsed.Ticks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new SimulationTimer(this, callback, state, dueTime, period);

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> of virtual time.</summary>
    public void Schedule(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var at = Elapsed + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        _events.Enqueue(action, (at.Ticks, _sequence++));
    }

    /// <summary>Runs events until none is left or the next one is after <paramref name="until"/> (elapsed time).</summary>
    /// <returns>True when events are left.</returns>
    public bool RunUntil(TimeSpan until, Func<bool>? stop = null)
    {
        while (_events.TryPeek(out var action, out var at))
        {
            if (stop is not null && stop())
            {
                return true;
            }

            if (at.Ticks > until.Ticks)
            {
                // Nothing happens before the next event, so the clock stands at the end of the run.
                Elapsed = until > Elapsed ? until : Elapsed;
                return true;
            }

            _events.Dequeue();
            Elapsed = TimeSpan.FromTicks(at.Ticks);
            EventsRun++;
            action();
        }

        if (Elapsed < until && until != TimeSpan.MaxValue)
        {
            Elapsed = until;
        }

        return false;
    }
}
