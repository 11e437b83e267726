using System.Diagnostics;
using NSec.Cryptography;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Benchmarks;

/// <summary>
/// Figure 3: items validated and stored per second by the real <see cref="ItemStore"/> (every signature verified),
/// against raw Ed25519 verification of the same items in the same run.
/// </summary>
internal static class IngestBenchmark
{
    private const int Batch = 500;

    public static void Run(int count)
    {
        var policy = ItemPolicy.Testing;
        var now = DateTimeOffset.UtcNow;
        var items = new ItemBuilder(policy).BuildMany(count, now, seed: 7, bodyBytes: 300);
        Console.WriteLine($"## Ingest: {count:N0} offer items (~{items[0].CalculateSize()} B, proof of work {ItemPolicy.TestingDifficultyBits} bits)");
        Console.WriteLine();
        Console.WriteLine("| what | items/s | ratio to raw verify |");
        Console.WriteLine("|---|---:|---:|");

        var raw = RawVerifyRate(items);
        Console.WriteLine($"| raw Ed25519 verify (NSec), signing message built per item (baseline) | {raw:N0} | 1.00 |");

        var memory = StoreRate(ItemStore.InMemory(policy), items, now);
        Console.WriteLine($"| `ItemStore` in memory: validate + store, batches of {Batch} | {memory:N0} | {memory / raw:F2} |");

        var path = Path.Combine(Path.GetTempPath(), $"tradenode-ingest-{Environment.ProcessId}.db");
        try
        {
            var disk = StoreRate(new ItemStore(path, policy), items, now);
            Console.WriteLine($"| `ItemStore` on a log file (fsync per batch): validate + store, batches of {Batch} | {disk:N0} | {disk / raw:F2} |");
        }
        finally
        {
            File.Delete(path);
        }

        Console.WriteLine();
    }

    private static double RawVerifyRate(IReadOnlyList<SignedItem> items)
    {
        var keys = items.Select(i => PublicKey.Import(SignatureAlgorithm.Ed25519, ItemContent.Parser.ParseFrom(i.Content).Author.Span, KeyBlobFormat.RawPublicKey)).ToList();
        var watch = Stopwatch.StartNew();
        var valid = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (SignatureAlgorithm.Ed25519.Verify(keys[i], ItemValidator.SigningMessage(items[i].Content.Span), items[i].Signature.Span))
            {
                valid++;
            }
        }

        watch.Stop();
        if (valid != items.Count)
        {
            throw new InvalidOperationException("Some benchmark items do not verify.");
        }

        return items.Count / watch.Elapsed.TotalSeconds;
    }

    private static double StoreRate(ItemStore store, IReadOnlyList<SignedItem> items, DateTimeOffset now)
    {
        using (store)
        {
            var list = items.ToList();
            var watch = Stopwatch.StartNew();
            var stored = 0;
            for (var i = 0; i < list.Count; i += Batch)
            {
                stored += store.AddRange(list.GetRange(i, Math.Min(Batch, list.Count - i)), now).Count(r => r.IsStored);
            }

            watch.Stop();
            if (stored != items.Count)
            {
                throw new InvalidOperationException($"Only {stored} of {items.Count} benchmark items were stored.");
            }

            return items.Count / watch.Elapsed.TotalSeconds;
        }
    }
}
