using System.Diagnostics;
using System.Globalization;
using TradeNode.P2P.Items;
using TradeNode.P2P.Peers;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Benchmarks;

/// <summary>
/// Figure 5: sync between two real nodes over loopback gRPC (handshake, reconciliation, item transfer, every item
/// validated and stored): a new node syncing a full store, and two stores differing by a few items. Bytes are the
/// loopback interface's counters (Linux /proc/net/dev: TCP payload and headers, both directions).
/// </summary>
internal static class LoopbackSyncBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(int count, int difference)
    {
        var policy = ItemPolicy.Testing;
        var now = DateTimeOffset.UtcNow;
        var items = new ItemBuilder(policy).BuildMany(count + difference, now, seed: 21, bodyBytes: 300).ToArray();
        Console.WriteLine($"## Sync over loopback gRPC: {count:N0} items (~{items[0].CalculateSize()} B each), every signature verified");
        Console.WriteLine();
        Console.WriteLine("| case | seconds | CPU seconds (both nodes) | items/s | loopback bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|");

        var (fullSeconds, fullCpu, fullBytes) = await MeasureAsync(policy, items[..count], []);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| new node syncs {count:N0} items from one peer | {fullSeconds:F2} | {fullCpu:F2} | {count / fullSeconds:N0} | {fullBytes:N0} |"));

        var (diffSeconds, diffCpu, diffBytes) = await MeasureAsync(policy, items, items[..count]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {count:N0}-item stores differing by {difference} items | {diffSeconds:F2} | {diffCpu:F2} | - | {diffBytes:N0} (the {difference} items are {items[count..].Sum(i => i.CalculateSize()):N0} B) |"));
        Console.WriteLine();
    }

    /// <summary>Starts a node holding <paramref name="source"/>, then one holding <paramref name="initial"/> that dials it; times until the second has everything.</summary>
    private static async Task<(double Seconds, double CpuSeconds, long Bytes)> MeasureAsync(ItemPolicy policy, IReadOnlyList<SignedItem> source, IReadOnlyList<SignedItem> initial)
    {
        var root = Path.Combine(Path.GetTempPath(), "tradenode-sync-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            Fill(Path.Combine(root, "a"), policy, source);
            Fill(Path.Combine(root, "b"), policy, initial);
            await using var a = await P2PNode.StartAsync(new P2PNodeOptions { DataDirectory = Path.Combine(root, "a"), Policy = policy });
            var wanted = a.Store.GetSortedIds();
            var bytesBefore = LoopbackBytes();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await using var b = await P2PNode.StartAsync(new P2PNodeOptions
            {
                DataDirectory = Path.Combine(root, "b"),
                Policy = policy,
                Peers = new PeerManagerOptions { Seeds = [a.ListenAddress] },
            });
            // Count first: checking every id on each poll would cost the nodes a good part of a core.
            while (b.Store.Count < wanted.Count || !wanted.All(b.Store.Contains))
            {
                if (watch.Elapsed > Deadline)
                {
                    throw new TimeoutException($"The new node had {b.Store.Count:N0} of {wanted.Count:N0} items after {Deadline.TotalMinutes} minutes.");
                }

                await Task.Delay(20);
            }

            watch.Stop();
            return (watch.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, LoopbackBytes() - bytesBefore);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Fill(string directory, ItemPolicy policy, IReadOnlyList<SignedItem> items)
    {
        Directory.CreateDirectory(directory);
        using var store = new ItemStore(Path.Combine(directory, "items.db"), policy);
        for (var i = 0; i < items.Count; i += 1000)
        {
            store.AddRange(items.Skip(i).Take(1000).ToList(), DateTimeOffset.UtcNow);
        }
    }

    /// <summary>Received bytes of the loopback interface (each loopback byte is received once).</summary>
    private static long LoopbackBytes()
    {
        foreach (var line in File.ReadLines("/proc/net/dev"))
        {
            var parts = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts[0] == "lo")
            {
                return long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
