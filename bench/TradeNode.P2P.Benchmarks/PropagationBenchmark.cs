using System.Diagnostics;
using System.Globalization;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Items;
using TradeNode.P2P.Simulation;

namespace TradeNode.P2P.Benchmarks;

/// <summary>
/// Figure 1: one new item in a simulated network of N nodes with K outbound peers each; time to reach
/// 50/90/99/100% of nodes in link latencies and bytes sent per node, for inventory gossip and for flooding, on
/// the same topology (same seed).
/// </summary>
internal static class PropagationBenchmark
{
    public static void Run(int nodes, int outbound, int seed, double loss)
    {
        var latency = LinkConditions.Default.Latency;
        Console.WriteLine($"## Propagation: {nodes} nodes x {outbound} outbound peers, link latency {latency.TotalMilliseconds} ms + jitter {LinkConditions.Default.Jitter.TotalMilliseconds} ms, loss {loss:P1}, seed {seed}");
        Console.WriteLine();
        Console.WriteLine("| mode | 50% | 90% | 99% | 100% | reached | bytes sent per node | items / inventory / requests per node | per node / item size | wall time |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var mode in new[] { GossipRelayMode.Announce, GossipRelayMode.Flood })
        {
            RunOne(nodes, outbound, seed, loss, mode, latency);
        }

        Console.WriteLine();
    }

    private static void RunOne(int nodes, int outbound, int seed, double loss, GossipRelayMode mode, TimeSpan latency)
    {
        var watch = Stopwatch.StartNew();
        var network = new InMemoryNetwork(seed, new GossipOptions { RelayMode = mode });
        network.AddNodes(nodes);
        network.ConnectRandomly(outbound, LinkConditions.Default with { LossRate = loss });
        network.Run(TimeSpan.FromSeconds(1));
        var before = network.Nodes.Sum(n => n.BytesSent);
        var before3 = (network.Nodes.Sum(n => n.ItemBytesSent), network.Nodes.Sum(n => n.InventoryBytesSent), network.Nodes.Sum(n => n.RequestBytesSent));
        var item = network.CreateItem(400);
        var itemSize = item.CalculateSize();
        var id = ItemId.Compute(item.Content.Span);
        var start = network.Clock.Elapsed;
        _ = network.Nodes[0].Engine.PublishAsync(item);
        network.Run(TimeSpan.FromMinutes(5));
        watch.Stop();

        var arrivals = network.ArrivalTimes(id).Select(t => (t - start).TotalMilliseconds / latency.TotalMilliseconds).ToList();
        var bytesPerNode = (double)(network.Nodes.Sum(n => n.BytesSent) - before) / nodes;
        var itemsPerNode = (double)(network.Nodes.Sum(n => n.ItemBytesSent) - before3.Item1) / nodes;
        var inventoryPerNode = (double)(network.Nodes.Sum(n => n.InventoryBytesSent) - before3.Item2) / nodes;
        var requestsPerNode = (double)(network.Nodes.Sum(n => n.RequestBytesSent) - before3.Item3) / nodes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {mode} | {At(arrivals, nodes, 0.50)} | {At(arrivals, nodes, 0.90)} | {At(arrivals, nodes, 0.99)} | {At(arrivals, nodes, 1.0)} | {arrivals.Count}/{nodes} | {bytesPerNode:F0} B | {itemsPerNode:F0} / {inventoryPerNode:F0} / {requestsPerNode:F0} B | {bytesPerNode / itemSize:F2}x ({itemSize} B item) | {watch.Elapsed.TotalSeconds:F2} s |"));
    }

    private static string At(List<double> sortedArrivals, int nodes, double fraction)
    {
        var needed = (int)Math.Ceiling(nodes * fraction);
        return needed <= sortedArrivals.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{sortedArrivals[needed - 1]:F1} L")
            : "never";
    }
}
