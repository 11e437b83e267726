using System.Diagnostics;
using System.Globalization;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Chain.Benchmarks;
using TradeNode.Chain.Regtest;

// Mempool acceptance and block connection of signed P2WPKH spends on the embedded regtest chain, against the raw
// signature-verification rate measured in the same process, and memory after many transactions.
// Run: dotnet run -c Release --project bench/TradeNode.Chain.Benchmarks -- [transactions=20000] [memory-transactions=100000]
var transactions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
var memoryTransactions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var factory = new SpendFactory();

Console.WriteLine($"TradeNode.Chain benchmark: {transactions:N0} P2WPKH spends; memory after {memoryTransactions:N0}");
Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger attached" : "no debugger")}");

// 1. Mempool acceptance and the raw verification baseline, over the same transactions.
using (var chain = RegtestChain.CreateInMemory())
{
    var spends = factory.SignSpends(factory.CreateCoins(chain, transactions));

    var baseline = Stopwatch.StartNew();
    var verified = 0;
    foreach (var tx in spends)
    {
        var signature = ECDSASignature.FromDER(tx.Inputs[0].WitScript[0].AsSpan()[..^1]);
        verified += factory.PubKey.Verify(factory.SignatureHash(tx), signature) ? 1 : 0;
    }

    baseline.Stop();
    Check(verified == spends.Count, "every baseline signature verifies");

    var accept = Stopwatch.StartNew();
    foreach (var tx in spends)
    {
        chain.AcceptToMempool(tx);
    }

    accept.Stop();
    Report("raw sighash + ECDSA verify (baseline)", spends.Count, baseline.Elapsed, baseline.Elapsed);
    Report("mempool acceptance (all checks + scripts)", spends.Count, accept.Elapsed, baseline.Elapsed);

    // 2. Connecting blocks of them: mined on this chain, then submitted to a second chain with the same history.
    using var replica = RegtestChain.CreateInMemory();
    for (var h = 1; h <= chain.Height; h++)
    {
        replica.SubmitBlock(chain.GetBlock(h)!.Block);
    }

    var mined = new List<TradeNode.Bitcoin.Blocks.Block>();
    while (chain.GetMempoolTxids().Count > 0)
    {
        mined.Add(chain.GetBlock(chain.Generate(1, factory.ScriptPubKey)[0])!.Block);
    }

    var connect = Stopwatch.StartNew();
    foreach (var block in mined)
    {
        Check(replica.SubmitBlock(block) is null, "the replica accepts every block");
    }

    connect.Stop();
    var blockTransactions = mined.Sum(b => b.Transactions.Count - 1);
    Report($"block connection ({mined.Count} blocks, scripts verified)", blockTransactions, connect.Elapsed, baseline.Elapsed * blockTransactions / spends.Count);
}

// 3. Memory held by a chain after many transactions (accepted, then mined).
GC.Collect();
GC.WaitForPendingFinalizers();
var before = GC.GetTotalMemory(forceFullCollection: true);
using (var chain = RegtestChain.CreateInMemory())
{
    foreach (var tx in factory.SignSpends(factory.CreateCoins(chain, memoryTransactions)))
    {
        chain.AcceptToMempool(tx);
    }

    var inMempool = GC.GetTotalMemory(forceFullCollection: true) - before;
    while (chain.GetMempoolTxids().Count > 0)
    {
        chain.Generate(1, factory.ScriptPubKey);
    }

    var afterMining = GC.GetTotalMemory(forceFullCollection: true) - before;
    Console.WriteLine($"memory with {memoryTransactions:N0} transactions in the mempool: {inMempool / 1048576.0:F1} MiB ({inMempool / memoryTransactions:N0} B/tx)");
    Console.WriteLine($"memory after mining them (height {chain.Height}): {afterMining / 1048576.0:F1} MiB ({afterMining / memoryTransactions:N0} B/tx)");
}

static void Report(string what, int count, TimeSpan elapsed, TimeSpan baseline) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-55} {count,8:N0} tx {elapsed.TotalSeconds,8:F2} s {count / elapsed.TotalSeconds,10:N0} tx/s  ratio to baseline {elapsed / baseline,5:F2}"));

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"Benchmark precondition failed: {what}.");
    }
}
