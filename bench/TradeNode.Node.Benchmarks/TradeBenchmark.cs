using System.Diagnostics;
using TradeNode.Api.V1;

namespace TradeNode.Node.Benchmarks;

/// <summary>
/// The trade benchmark of issue 6 on a regtest market of processes: <c>tradenode chain --automine 100ms</c> (a block
/// as soon as a transaction waits), an arbitrator, a maker and a taker node (<c>--chain rpc</c>). The maker sells,
/// the taker buys; the bench plays both users (payment sent, payment received) the moment the trade asks for it.
/// Measured: single trades one after another (TakeOffer to COMPLETED on both sides), 10 and 50 trades taken at once,
/// and the baseline: a plain wallet send from maker to taker until the taker's wallet shows it confirmed.
/// </summary>
internal static class TradeBenchmark
{
    private const string Password = "correct horse battery";
    private const long TradeAmount = 1_000_000;
    private const int CoinsPerTrader = 64;
    private const long CoinbaseSats = 5_000_000_000;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(string root, int count)
    {
        var logging = new Dictionary<string, string> { ["TRADENODE_LOG_LEVEL"] = "Information" };
        await using var chain = await ChainUnderTest.StartAsync(Path.Combine(root, "chain"), "--automine", "100ms");
        string[] common = ["--insecure-kdf", .. chain.NodeArgs];
        await using var arbitrator = await NodeUnderTest.StartAsync(Path.Combine(root, "arbitrator"), logging, common);
        var arbitratorP2P = (await arbitrator.Node.GetInfoAsync(new GetInfoRequest(), arbitrator.Auth)).P2PAddress;
        string[] trader = [.. common, "--seed-peer", arbitratorP2P];
        await using var maker = await NodeUnderTest.StartAsync(Path.Combine(root, "maker"), logging, trader);
        await using var taker = await NodeUnderTest.StartAsync(Path.Combine(root, "taker"), logging, trader);
        await Task.WhenAll(new[] { arbitrator, maker, taker }.Select(n => n.Wallet.CreateAsync(new CreateWalletRequest { Password = Password }, n.Auth).ResponseAsync));
        var arbitratorInfo = await arbitrator.Node.GetInfoAsync(new GetInfoRequest(), arbitrator.Auth); // The node's identity comes from the wallet.
        await arbitrator.Arbitrators.RegisterAsync(new RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } }, arbitrator.Auth);

        // The quickest real funding: each trader mines its own coinbases (one coin each), the arbitrator then mines
        // the 101 blocks that make them spendable.
        var funding = Stopwatch.StartNew();
        await maker.Wallet.FundAsync(new FundRequest { Blocks = CoinsPerTrader }, maker.Auth);
        await taker.Wallet.FundAsync(new FundRequest { Blocks = CoinsPerTrader }, taker.Auth);
        await arbitrator.Wallet.FundAsync(new FundRequest(), arbitrator.Auth);
        await UntilAsync(async () => await ConfirmedAsync(maker) == CoinsPerTrader * CoinbaseSats && await ConfirmedAsync(taker) == CoinsPerTrader * CoinbaseSats, "the traders' coinbases mature");
        await UntilAsync(async () => await KnowsAsync(maker, arbitratorInfo.NodeId) && await KnowsAsync(taker, arbitratorInfo.NodeId), "the traders learn the arbitrator");
        Console.WriteLine($"market up and funded ({CoinsPerTrader} coins per trader) in {funding.Elapsed.TotalSeconds:F1} s");

        // Warm-up: one trade and one send, not counted.
        await TradeAsync(maker, taker, arbitratorInfo.NodeId, 1, null);
        await SendAsync(maker, taker);

        var baseline = new List<double>();
        for (var i = 0; i < count; i++)
        {
            baseline.Add(await SendAsync(maker, taker));
        }

        var steps = new Dictionary<string, List<double>>();
        var single = new List<double>();
        for (var i = 0; i < count; i++)
        {
            single.Add((await TradeAsync(maker, taker, arbitratorInfo.NodeId, 1, steps)).Max());
        }

        var sends = LatencyStats.Of(baseline);
        var trades = LatencyStats.Of(single);
        var baseMs = sends.P50;
        Console.WriteLine($"baseline, wallet send maker -> taker until confirmed in the taker's wallet: median {baseMs:F0} ms, p90 {sends.P90:F0} ms, max {sends.Max:F0} ms of {count}");
        Console.WriteLine($"single trade, TakeOffer to COMPLETED on both sides: median {trades.P50:F0} ms ({trades.P50 / baseMs:F2}), p90 {trades.P90:F0} ms ({trades.P90 / baseMs:F2}), max {trades.Max:F0} ms ({trades.Max / baseMs:F2}) of {count}");
        Console.WriteLine("median time from TakeOffer at which each side first showed each state:");
        foreach (var (step, times) in steps.Select(s => (s.Key, LatencyStats.Of(s.Value).P50)).OrderBy(s => s.P50))
        {
            Console.WriteLine($"  {step,-40} {times,7:F0} ms");
        }

        foreach (var concurrent in new[] { 10, 50 })
        {
            var started = Stopwatch.StartNew();
            var each = await TradeAsync(maker, taker, arbitratorInfo.NodeId, concurrent, null, started);
            var total = started.Elapsed.TotalMilliseconds;
            var stats = LatencyStats.Of(each);
            Console.WriteLine($"{concurrent} trades taken at once: all COMPLETED in {total:F0} ms ({total / baseMs:F2} baselines), {concurrent * 60_000 / total:F1} trades/minute; per trade median {stats.P50:F0} ms, max {stats.Max:F0} ms");
        }
    }

    /// <summary>
    /// Publishes <paramref name="count"/> sell offers on the maker, waits until the taker sees them, takes them all at
    /// once and drives each to COMPLETED on both sides; returns each trade's time from its TakeOffer call.
    /// </summary>
    private static async Task<List<double>> TradeAsync(NodeUnderTest maker, NodeUnderTest taker, string arbitratorId, int count, Dictionary<string, List<double>>? steps, Stopwatch? clock = null)
    {
        var offers = new List<Offer>();
        for (var i = 0; i < count; i++)
        {
            var request = new CreateOfferRequest
            {
                Direction = OfferDirection.Sell,
                AmountSats = TradeAmount + i,
                Price = "62000.50",
                Currency = "EUR",
                PaymentMethodId = "SEPA",
                ArbitratorNodeIds = { arbitratorId },
                PaymentAccount = "IBAN DE89 3704 0044 0532 0130 00 (maker)",
            };
            offers.Add((await maker.Offers.CreateAsync(request, maker.Auth)).Offer);
        }

        await UntilAsync(
            async () =>
            {
                var known = (await taker.Offers.ListAsync(new ListOffersRequest { Page = new PageRequest { PageSize = 500 } }, taker.Auth)).Offers.Select(o => o.OfferId).ToHashSet();
                return offers.All(o => known.Contains(o.OfferId));
            },
            "the offers reach the taker");

        clock ??= Stopwatch.StartNew();
        clock.Restart();
        var taken = await Task.WhenAll(offers.Select(async o =>
        {
            var response = await taker.Trades.TakeOfferAsync(
                new TakeOfferRequest { OfferId = o.OfferId, AmountSats = o.AmountSats, ArbitratorNodeId = arbitratorId, PaymentAccount = "IBAN FR14 2004 1010 0505 0001 3M02 606 (taker)" },
                taker.Auth);
            return (Id: response.Trade.TradeId, TakenAt: clock.Elapsed.TotalMilliseconds);
        }));
        var ids = taken.ToDictionary(t => t.Id, t => t.TakenAt);
        var done = new Dictionary<string, double>();
        var paid = new HashSet<string>();
        var received = new HashSet<string>();
        var seen = new HashSet<string>();
        var deadline = DateTime.UtcNow + Timeout;
        while (done.Count < ids.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{ids.Count - done.Count} of {ids.Count} trades did not complete in {Timeout.TotalMinutes} minutes.");
            }

            var onMaker = await ListAsync(maker, ids);
            var onTaker = await ListAsync(taker, ids);
            var now = clock.Elapsed.TotalMilliseconds;
            foreach (var (side, trades) in new[] { ("maker", onMaker), ("taker", onTaker) })
            {
                foreach (var trade in trades.Values)
                {
                    if (trade.IsClosed && trade.State != TradeState.Completed)
                    {
                        throw new InvalidOperationException($"Trade {trade.TradeId} closed as {trade.State} on the {side}: {trade.LastError}");
                    }

                    if (steps is not null && seen.Add($"{trade.TradeId} {side} {trade.State}"))
                    {
                        var step = $"{side} {trade.State}";
                        if (!steps.TryGetValue(step, out var list))
                        {
                            steps[step] = list = [];
                        }

                        list.Add(now - ids[trade.TradeId]);
                    }
                }
            }

            var calls = new List<Task>();
            foreach (var (id, takenAt) in ids)
            {
                var seller = onMaker.GetValueOrDefault(id);
                var buyer = onTaker.GetValueOrDefault(id);
                if (seller?.State == TradeState.Completed && buyer?.State == TradeState.Completed)
                {
                    done.TryAdd(id, now - takenAt);
                }
                else if (buyer?.State == TradeState.DepositConfirmed && paid.Add(id))
                {
                    calls.Add(taker.Trades.ConfirmPaymentSentAsync(new ConfirmPaymentSentRequest { TradeId = id }, taker.Auth).ResponseAsync);
                }
                else if (seller?.State == TradeState.PaymentSent && received.Add(id))
                {
                    calls.Add(maker.Trades.ConfirmPaymentReceivedAsync(new ConfirmPaymentReceivedRequest { TradeId = id }, maker.Auth).ResponseAsync);
                }
            }

            await Task.WhenAll(calls);
            if (calls.Count == 0 && done.Count < ids.Count)
            {
                await Task.Delay(PollInterval);
            }
        }

        return [.. done.Values];
    }

    /// <summary>A wallet send of the trade amount from maker to taker; milliseconds until the taker's wallet shows it confirmed.</summary>
    private static async Task<double> SendAsync(NodeUnderTest from, NodeUnderTest to)
    {
        var address = (await to.Wallet.NewAddressAsync(new NewAddressRequest(), to.Auth)).Address;
        var clock = Stopwatch.StartNew();
        var txid = (await from.Wallet.SendAsync(new SendRequest { Address = address, AmountSats = TradeAmount, FeeRateSatPerVb = 2 }, from.Auth)).Txid;
        await UntilAsync(async () => (await to.Wallet.ListTransactionsAsync(new ListTransactionsRequest(), to.Auth)).Transactions.Any(t => t.Txid == txid && t.Confirmations >= 1), "the send confirms in the taker's wallet", PollInterval);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<Dictionary<string, Trade>> ListAsync(NodeUnderTest node, Dictionary<string, double> ids) =>
        (await node.Trades.ListAsync(new ListTradesRequest(), node.Auth)).Trades.Where(t => ids.ContainsKey(t.TradeId)).ToDictionary(t => t.TradeId);

    private static async Task<long> ConfirmedAsync(NodeUnderTest node) => (await node.Wallet.GetBalanceAsync(new GetBalanceRequest(), node.Auth)).ConfirmedSats;

    private static async Task<bool> KnowsAsync(NodeUnderTest node, string arbitratorId) =>
        (await node.Arbitrators.ListAsync(new ListArbitratorsRequest(), node.Auth)).Arbitrators.Any(a => a.NodeId == arbitratorId);

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
