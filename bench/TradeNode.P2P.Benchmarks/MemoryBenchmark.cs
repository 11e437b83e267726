using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Simulation;

namespace TradeNode.P2P.Benchmarks;

/// <summary>Figure 4: managed memory of a store holding N items.</summary>
internal static class MemoryBenchmark
{
    public static void Run(string name, Func<IItemStore> createStore, int count, Func<int, IReadOnlyList<SignedItem>>? build = null)
    {
        var factory = new InMemoryNetwork(1);
        build ??= n => [.. Enumerable.Range(0, n).Select(_ => factory.CreateItem(300))];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var store = createStore();
        var now = DateTimeOffset.UtcNow;
        long itemBytes = 0;
        for (var i = 0; i < count; i += 1000)
        {
            // Items are made in batches and only the store keeps them, so what remains is what the store holds.
            var batch = build(Math.Min(1000, count - i));
            itemBytes += batch.Sum(item => (long)item.CalculateSize());
            store.AddRange(batch, now);
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"| {name} | {store.Count:N0} | {itemBytes / (double)count:F0} B | {(after - before) / 1048576.0:F1} MiB | {(after - before) / (double)count:F0} B |");
        GC.KeepAlive(store);
        (store as IDisposable)?.Dispose();
    }
}
