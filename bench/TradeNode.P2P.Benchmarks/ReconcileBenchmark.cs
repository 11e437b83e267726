using System.Diagnostics;
using TradeNode.P2P.Items;
using TradeNode.P2P.Simulation;
using TradeNode.P2P.Sync;

namespace TradeNode.P2P.Benchmarks;

/// <summary>
/// Figure 2: two sets of <c>shared</c> common ids plus a few unique on each side: reconciliation bytes and round
/// trips, with <see cref="SetReconciler"/> alone and through two gossip engines in the simulator (items included).
/// </summary>
internal static class ReconcileBenchmark
{
    public static void Run(int shared, int onlyInitiator, int onlyResponder)
    {
        Console.WriteLine($"## Reconciliation: {shared:N0} common ids, {onlyInitiator} only on the initiator, {onlyResponder} only on the responder");
        Console.WriteLine();
        Console.WriteLine("| how | reconcile bytes | round trips | other bytes | everything in sync | time |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|");

        var random = new Random(5);
        var common = RandomIds(random, shared);
        var left = RandomIds(random, onlyInitiator);
        var right = RandomIds(random, onlyResponder);
        var watch = Stopwatch.StartNew();
        var result = SetReconciler.RunInMemory(new SetReconciler(Sorted(common, left)), new SetReconciler(Sorted(common, right)));
        watch.Stop();
        var correct = result.InitiatorNeeds.Count == onlyResponder && result.InitiatorHaves.Count == onlyInitiator;
        Console.WriteLine($"| `SetReconciler.RunInMemory` (ids only) | {result.TotalBytes:N0} | {result.RoundTrips} | - | {(correct ? "yes" : "NO")} | {watch.Elapsed.TotalMilliseconds:F0} ms |");

        RunThroughGossip(shared, onlyInitiator, onlyResponder);
        Console.WriteLine();
    }

    private static void RunThroughGossip(int shared, int onlyInitiator, int onlyResponder)
    {
        var network = new InMemoryNetwork(seed: 6);
        var a = network.AddNode();
        var b = network.AddNode();
        var now = network.Clock.GetUtcNow();
        for (var i = 0; i < shared; i += 1000)
        {
            var batch = Enumerable.Range(0, Math.Min(1000, shared - i)).Select(_ => network.CreateItem(64)).ToList();
            a.Store.AddRange(batch, now);
            b.Store.AddRange(batch, now);
        }

        a.Store.AddRange([.. Enumerable.Range(0, onlyInitiator).Select(_ => network.CreateItem(64))], now);
        b.Store.AddRange([.. Enumerable.Range(0, onlyResponder).Select(_ => network.CreateItem(64))], now);
        var watch = Stopwatch.StartNew();
        var start = network.Clock.Elapsed;
        network.Connect(a, b, new LinkConditions(TimeSpan.FromMilliseconds(50), TimeSpan.Zero));
        network.Run(TimeSpan.FromMinutes(1));
        watch.Stop();

        var reconcileBytes = a.ReconcileBytesSent + b.ReconcileBytesSent;
        var otherBytes = a.BytesSent + b.BytesSent - reconcileBytes;
        var inSync = a.Store.GetSortedIds().SequenceEqual(b.Store.GetSortedIds()) && a.Store.Count == shared + onlyInitiator + onlyResponder;
        var roundTrips = (a.ReconcileMessagesSent + b.ReconcileMessagesSent) / 2.0;
        var lastArrival = network.Nodes.SelectMany(n => n.Store.GetSortedIds().Select(n.StoredAt)).OfType<TimeSpan>().DefaultIfEmpty(start).Max() - start;
        Console.WriteLine($"| two `GossipEngine`s in the simulator (50 ms links; items ~130 B) | {reconcileBytes:N0} | {roundTrips:F1} (messages / 2, incl. the closing one) | {otherBytes:N0} (inventory, requests, items) | {(inSync ? "yes" : "NO")}, last item after {lastArrival.TotalMilliseconds / 50:F0} latencies | {watch.Elapsed.TotalMilliseconds:F0} ms |");
    }

    private static List<ItemId> RandomIds(Random random, int count)
    {
        var ids = new List<ItemId>(count);
        var bytes = new byte[P2PProtocol.ItemIdLength];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            ids.Add(new ItemId(bytes));
        }

        return ids;
    }

    private static ItemId[] Sorted(List<ItemId> common, List<ItemId> extra)
    {
        var ids = common.Concat(extra).ToArray();
        Array.Sort(ids);
        return ids;
    }
}
