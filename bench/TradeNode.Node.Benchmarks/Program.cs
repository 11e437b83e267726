using System.Diagnostics;
using System.Globalization;
using Grpc.Health.V1;
using TradeNode.Api.V1;
using TradeNode.Node.Benchmarks;

// The node's API benchmarks of issue 5, against real `tradenode node` processes on loopback:
//   cold start to API-ready (vs. `dotnet tradenode.dll --version`, the runtime's own start),
//   unary GetInfo throughput with 16 concurrent callers (vs. the health check on the same server),
//   Offers.List latency for a filtered page with N offers in the book (vs. GetInfo on the same node),
//   resident memory of the node with N offers (vs. the same node empty).
// Usage: dotnet run -c Release --project bench/TradeNode.Node.Benchmarks [-- offers]   (default 100000)
// The trade benchmark of issue 6 (see TradeBenchmark): ... [-- trade [N] [--keep]]   (default N 10; --keep leaves
// the data directories and node logs in place and prints where).
if (args.Length > 0 && args[0] == "trade")
{
    var tradeRoot = Path.Combine(Path.GetTempPath(), "tradenode-trade-bench-" + Guid.NewGuid().ToString("N")[..8]);
    var keep = args.Contains("--keep");
    var trades = args.Length > 1 && args[1] != "--keep" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
    Console.WriteLine($"Trade benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}, data in {tradeRoot}");
    try
    {
        await TradeBenchmark.RunAsync(tradeRoot, trades);
    }
    finally
    {
        if (!keep)
        {
            Directory.Delete(tradeRoot, recursive: true);
        }
    }

    return;
}

var offerCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var root = Path.Combine(Path.GetTempPath(), "tradenode-node-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(root);
try
{
    Console.WriteLine($"Node API benchmarks, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

    // Cold start: median of 5, each on a fresh data directory.
    var versionRuns = new List<double>();
    var startRuns = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        versionRuns.Add((await NodeUnderTest.MeasureVersionRunAsync()).TotalMilliseconds);
        await using var fresh = await NodeUnderTest.StartAsync(Path.Combine(root, $"cold{i}"));
        startRuns.Add(fresh.StartupTime.TotalMilliseconds);
    }

    var versionMs = Median(versionRuns);
    var startMs = Median(startRuns);
    Console.WriteLine($"cold start to API-ready (empty data dir): median {startMs:F0} ms of 5; `tradenode --version` {versionMs:F0} ms; ratio {startMs / versionMs:F2}");

    // Throughput and latency on an empty node, then memory.
    var emptyDir = Path.Combine(root, "empty");
    long emptyRss;
    double getInfoRate, healthRate;
    LatencyStats getInfoLatency;
    await using (var node = await NodeUnderTest.StartAsync(emptyDir))
    {
        healthRate = await RateAsync(16, TimeSpan.FromSeconds(5), () => node.Health.CheckAsync(new HealthCheckRequest(), node.Auth).ResponseAsync);
        getInfoRate = await RateAsync(16, TimeSpan.FromSeconds(5), () => node.Node.GetInfoAsync(new GetInfoRequest(), node.Auth).ResponseAsync);
        getInfoLatency = await LatencyStats.MeasureAsync(2000, () => node.Node.GetInfoAsync(new GetInfoRequest(), node.Auth).ResponseAsync);
        emptyRss = node.ResidentBytes;
    }

    Console.WriteLine($"GetInfo, 16 concurrent callers: {getInfoRate:N0} req/s; health check {healthRate:N0} req/s; ratio {getInfoRate / healthRate:F2}");

    // A node whose store holds the offers of count/100 makers.
    var fullDir = Path.Combine(root, "full");
    var seeding = Stopwatch.StartNew();
    var seeded = OfferSeeder.Seed(fullDir, offerCount, ArbitratorId());
    Console.WriteLine($"seeded {seeded:N0} offers into the item store in {seeding.Elapsed.TotalSeconds:F1} s");
    await using (var node = await NodeUnderTest.StartAsync(fullDir))
    {
        var total = (await node.Offers.ListAsync(new ListOffersRequest(), node.Auth)).Page.TotalCount;
        if (total != seeded)
        {
            throw new InvalidOperationException($"The offer book holds {total} offers, {seeded} were seeded.");
        }

        var filtered = new ListOffersRequest
        {
            Filter = new OfferFilter { Direction = OfferDirection.Sell, Currency = "EUR", PaymentMethodId = "SEPA", MinAmountSats = 1_000_000 },
            Page = new PageRequest { PageSize = 50 },
        };
        var page = await node.Offers.ListAsync(filtered, node.Auth);
        var list = await LatencyStats.MeasureAsync(2000, () => node.Offers.ListAsync(filtered, node.Auth).ResponseAsync);
        var info = await LatencyStats.MeasureAsync(2000, () => node.Node.GetInfoAsync(new GetInfoRequest(), node.Auth).ResponseAsync);
        var fullRss = node.ResidentBytes;
        Console.WriteLine($"cold start with {seeded:N0} offers: {node.StartupTime.TotalMilliseconds:F0} ms");
        Console.WriteLine($"Offers.List, filtered page of {page.Offers.Count} out of {page.Page.TotalCount:N0} matches in {total:N0}: p50 {list.P50:F2} ms, p99 {list.P99:F2} ms; GetInfo on the same node p50 {info.P50:F2} ms, p99 {info.P99:F2} ms; ratio p50 {list.P50 / info.P50:F2}");
        Console.WriteLine($"GetInfo on the empty node: p50 {getInfoLatency.P50:F2} ms, p99 {getInfoLatency.P99:F2} ms");
        Console.WriteLine($"resident memory: empty node {emptyRss / 1048576.0:F0} MiB, with {seeded:N0} offers {fullRss / 1048576.0:F0} MiB ({(fullRss - emptyRss) / (double)seeded:F0} bytes per offer more)");
    }
}
finally
{
    try
    {
        Directory.Delete(root, recursive: true);
    }
    catch (IOException)
    {
    }
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static async Task<double> RateAsync(int callers, TimeSpan duration, Func<Task> call)
{
    // Warm up, then count completed calls of all callers over the duration.
    for (var i = 0; i < 200; i++)
    {
        await call();
    }

    var stop = Stopwatch.StartNew();
    var counts = await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
    {
        var n = 0L;
        while (stop.Elapsed < duration)
        {
            await call();
            n++;
        }

        return n;
    }));
    return counts.Sum() / stop.Elapsed.TotalSeconds;
}

static string ArbitratorId()
{
    using var arbitrator = TradeNode.P2P.Identity.NodeIdentity.Generate();
    return arbitrator.Id.ToString();
}
