namespace TradeNode.P2P.Transport;

/// <summary>
/// A token bucket: holds at most <see cref="Capacity"/> tokens, refilled at <see cref="RatePerSecond"/>;
/// <see cref="TryTake"/> spends tokens or refuses; <see cref="Take"/> spends and says how long to wait. Time comes from the injected <see cref="TimeProvider"/>.
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

    /// <summary>
    /// Spends <paramref name="tokens"/> even when that leaves the bucket in debt, and returns how long the caller
    /// should wait for the debt to be repaid (zero when there was enough): backpressure instead of refusal.
    /// </summary>
    public TimeSpan Take(double tokens)
    {
        lock (_lock)
        {
            Refill();
            _tokens -= tokens;
            return _tokens >= 0 || RatePerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / RatePerSecond);
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
