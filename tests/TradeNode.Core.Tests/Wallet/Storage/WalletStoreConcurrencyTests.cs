using System.Collections.Concurrent;
using System.Diagnostics;
using LiteDB;
using TradeNode.Bitcoin;
using TradeNode.Core.Storage;
using TradeNode.Core.Wallet.Storage;
using Xunit.Abstractions;

namespace TradeNode.Core.Tests.Wallet.Storage;

/// <summary>
/// The node's core database is one LiteDB file (Direct mode) shared by the wallet and every service, each on its own
/// threads: the wallet writes multi-document transactions while services write single documents and API calls read.
/// This stress test does that on a real file opened as the node opens it (<see cref="CoreDatabase"/>), in a bounded
/// loop, and counts every exception. On plain LiteDB 5.0.21 it fails within a few thousand operations.
/// </summary>
public sealed class WalletStoreConcurrencyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Rounds per thread; TRADENODE_STRESS_ROUNDS overrides it for measurements.</summary>
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("TRADENODE_STRESS_ROUNDS"), out var rounds) ? rounds : 1500;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tradenode-store-stress", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned with the temp folder.
        }
    }

    [Fact]
    public async Task Wallet_transactions_service_writes_and_reads_from_several_threads_never_fail_and_lose_nothingAsync()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "core.db");
        // TRADENODE_STRESS_RAW=1 opens plain LiteDB, as before CoreDatabase: how the race was measured.
        using var database = Environment.GetEnvironmentVariable("TRADENODE_STRESS_RAW") == "1"
            ? new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct })
            : CoreDatabase.Open(path);
        var store = new WalletStore(database);
        var trades = database.GetCollection("trades");
        var errors = new ConcurrentQueue<Exception>();
        long operations = 0;

        void Run(Action<int> body)
        {
            for (var i = 0; i < Rounds; i++)
            {
                try
                {
                    body(i);
                    Interlocked.Increment(ref operations);
                }
#pragma warning disable CA1031 // Every failure is the finding: counted, reported, asserted on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    errors.Enqueue(e);
                }
            }
        }

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            // The wallet: a block's coins and a reservation in one transaction, from two threads (a scan, a send).
            Task.Run(() => Run(i => WalletBlock(store, "a", i))),
            Task.Run(() => Run(i => WalletBlock(store, "b", i))),
            // Services: one document per write (a trade's state).
            Task.Run(() => Run(i => trades.Upsert(new BsonDocument { ["_id"] = $"x{i}", ["state"] = i, ["blob"] = new byte[512] }))),
            Task.Run(() => Run(i => trades.Upsert(new BsonDocument { ["_id"] = $"y{i}", ["state"] = i, ["blob"] = new byte[512] }))),
            // API reads while all that happens.
            Task.Run(() => Run(_ => _ = store.LoadCoins().Count() + store.LoadReservations().Count())),
            Task.Run(() => Run(i => _ = trades.FindAll().Count() + (trades.FindById($"x{i / 2}") is null ? 0 : 1))));
        clock.Stop();

        output.WriteLine($"{operations} operations in {clock.ElapsedMilliseconds} ms = {operations * 1000 / Math.Max(1, clock.ElapsedMilliseconds)} ops/s, {errors.Count} errors");
        foreach (var group in errors.GroupBy(e => $"{e.GetType().Name}: {e.Message}"))
        {
            output.WriteLine($"{group.Count()} x {group.Key}");
        }

        Assert.Empty(errors);
        Assert.Equal(2 * Rounds * 3, store.LoadCoins().Count());
        Assert.Equal(2 * Rounds, store.LoadReservations().Count());
        Assert.Equal(2 * Rounds, trades.Count());
    }

    private static void WalletBlock(WalletStore store, string thread, int round) => store.InTransaction(() =>
    {
        for (uint n = 0; n < 3; n++)
        {
            store.SaveCoin(new CoinRecord
            {
                Outpoint = new OutPoint(new UInt256(Hash(thread, round)), n),
                Value = 1_000 + round,
                ScriptPubKey = new Script(new byte[22]),
                Chain = 0,
                Index = round,
                IsCoinBase = false,
                Height = round,
            });
        }

        store.SaveReservation(new ReservationRecord($"{thread}/{round}", 1_000, [], IsHold: round % 2 == 0));
    });

    private static byte[] Hash(string thread, int round) =>
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{thread}/{round}"));
}
