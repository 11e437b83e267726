using TradeNode.P2P.Benchmarks;
using TradeNode.P2P.Items;
using TradeNode.P2P.Simulation;

// P2P figures for bench/RESULTS.md (issue 4). Usage: dotnet run -c Release --project bench/TradeNode.P2P.Benchmarks [-- nodes [sync]]
// With a second argument "sync", only the loopback sync figure runs.
var nodes = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 1000;

Console.WriteLine($"# P2P benchmarks ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version})");
Console.WriteLine();
if (args.Length > 1 && args[1] == "sync")
{
    await LoopbackSyncBenchmark.RunAsync(100_000, 100);
    return;
}

PropagationBenchmark.Run(nodes, outbound: 8, seed: 1, loss: 0);
PropagationBenchmark.Run(nodes, outbound: 8, seed: 1, loss: 0.01);

ReconcileBenchmark.Run(100_000, 50, 50);
ReconcileBenchmark.Run(100_000, 100, 0);
ReconcileBenchmark.Run(0, 0, 100_000);

Console.WriteLine("## Memory of a store holding 100,000 items");
Console.WriteLine();
Console.WriteLine("| store | items | average item | managed memory | per item |");
Console.WriteLine("|---|---:|---:|---:|---:|");
MemoryBenchmark.Run("SimulationItemStore (in memory, no validation)", () => new SimulationItemStore(), 100_000);
var builder = new ItemBuilder(ItemPolicy.Testing);
var built = 0;
MemoryBenchmark.Run("ItemStore.InMemory (item log on a MemoryStream, validated)", () => ItemStore.InMemory(ItemPolicy.Testing), 100_000, n =>
{
    var batch = builder.BuildMany(n, DateTimeOffset.UtcNow, seed: 1000 + built, bodyBytes: 300);
    built++;
    return batch;
});
var logPath = Path.Combine(Path.GetTempPath(), $"tradenode-memory-{Environment.ProcessId}.log");
try
{
    MemoryBenchmark.Run("ItemStore on a log file (indexes in memory, item bytes on disk)", () => new ItemStore(logPath, ItemPolicy.Testing), 100_000, n =>
    {
        var batch = builder.BuildMany(n, DateTimeOffset.UtcNow, seed: 5000 + built, bodyBytes: 300);
        built++;
        return batch;
    });
}
finally
{
    File.Delete(logPath);
}

Console.WriteLine();

IngestBenchmark.Run(20_000);

await LoopbackSyncBenchmark.RunAsync(100_000, 100);
