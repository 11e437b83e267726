namespace TradeNode.P2P.Transport;

/// <summary>
/// A token bucket: holds at most <see cref="Capacity"/> tokens, refilled at <see cref="RatePerSecond"/>;
/// <see cref="TryTake"/> spends tokens or refuses. Time comes from the injected <see cref="TimeProvider"/>.
/// Thread-safe.
/// </summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(double capacity, double ratePerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(ratePerSecond);
        ArgumentNullException.ThrowIfNull(time);
        Capacity = capacity;
        RatePerSecond = ratePerSecond;
        _time = time;
        _tokens = capacity;
        _lastTimestamp = time.GetTimestamp();
    }

    public double Capacity { get; }

    public double RatePerSecond { get; }

    public double Available
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens;
            }
        }
    }

    public bool TryTake(double tokens = 1)
    {
        lock (_lock)
        {
            Refill();
            if (tokens > _tokens)
            {
                return false;
            }

            _tokens -= tokens;
            return true;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastTimestamp, now);
        _lastTimestamp = now;
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed.TotalSeconds * RatePerSecond));
        }
    }
}
