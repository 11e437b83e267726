using System.Diagnostics;

namespace TradeNode.Node.Benchmarks;

/// <summary>Percentiles of a set of measured durations, in milliseconds.</summary>
internal sealed class LatencyStats
{
    private readonly double[] _sortedMs;

    private LatencyStats(double[] sortedMs) => _sortedMs = sortedMs;

    public double P50 => Percentile(0.50);

    public double P90 => Percentile(0.90);

    public double P99 => Percentile(0.99);

    public double Max => _sortedMs[^1];

    /// <summary>Statistics of durations measured elsewhere, in milliseconds.</summary>
    public static LatencyStats Of(IEnumerable<double> samplesMs) => new([.. samplesMs.Order()]);

    /// <summary>Runs <paramref name="call"/> <paramref name="count"/> times one after another and records each duration.</summary>
    public static async Task<LatencyStats> MeasureAsync(int count, Func<Task> call)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        return new LatencyStats(samples);
    }

    private double Percentile(double p) => _sortedMs[Math.Min(_sortedMs.Length - 1, (int)Math.Ceiling(p * _sortedMs.Length) - 1)];
}
