using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Google.Protobuf;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Tests.P2P;
using static TradeNode.Tests.Api.ApiTrades;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// A small market of real processes shared by the tests of one class: a <c>tradenode chain</c> (blocks mined only on
/// request, so every trade step waits where a test wants it), an arbitrator node (which mines, and has the control
/// surface to send raw mailbox payloads), a maker and a taker, each trader funded with <see cref="CoinsPerTrader"/>
/// confirmed coins of one BTC so several trades can run at once. Traders can be killed (SIGKILL) and restarted on
/// their data directory; a restarted trader's wallet is unlocked again.
/// </summary>
public sealed class TradeMarket : IAsyncLifetime
{
    public const int CoinsPerTrader = 12;

    /// <summary>The nodes log what they do (trade steps, peer links), so a failing test shows why.</summary>
    private static readonly Dictionary<string, string> Logging = new() { ["TRADENODE_LOG_LEVEL"] = "Information" };

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tradenode-market-{Guid.NewGuid():N}");
    private string[] _common = [];
    private HttpClient? _control;

    internal ChainProcess Chain { get; private set; } = null!;

    internal ApiNodeProcess Arbitrator { get; private set; } = null!;

    internal ApiNodeProcess Maker { get; private set; } = null!;

    internal ApiNodeProcess Taker { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Chain = await ChainProcess.StartAsync(Path.Combine(_root, "chain"));
        _common = ["--insecure-kdf", "--item-pow-bits", "2", "--chain", "rpc", "--rpc-url", Chain.Address.ToString(), "--rpc-cookie", Path.Combine(Chain.DataDirectory, ".cookie")];
        var controlPort = FreePort();
        Arbitrator = await ApiNodeProcess.StartAsync(Path.Combine(_root, "arbitrator"), Logging, [.. _common, "--control-port", controlPort.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        _control = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{controlPort}/") };
        var makerTask = StartTraderAsync("maker");
        var takerTask = StartTraderAsync("taker");
        Maker = await makerTask;
        Taker = await takerTask;
        await Task.WhenAll(new[] { Arbitrator, Maker, Taker }.Select(n => n.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password }).ResponseAsync));
        await Arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await Arbitrator.Wallet.FundAsync(new V1.FundRequest());
        for (var i = 0; i < CoinsPerTrader; i++)
        {
            await SendAsync(Arbitrator, Maker, OneBtc);
            await SendAsync(Arbitrator, Taker, OneBtc);
            if (i % 6 == 5)
            {
                await MineAsync();
            }
        }

        await MineAsync();
        await Eventually.TrueAsync(async () => (await Balance(Maker)).ConfirmedSats == CoinsPerTrader * OneBtc && (await Balance(Taker)).ConfirmedSats == CoinsPerTrader * OneBtc, "maker and taker see their coins confirmed", TradeTimeout);
        await Eventually.TrueAsync(async () => await KnowsArbitratorAsync(Maker, Arbitrator.NodeId) && await KnowsArbitratorAsync(Taker, Arbitrator.NodeId), "maker and taker learn the arbitrator", TradeTimeout);
    }

    public async Task DisposeAsync()
    {
        _control?.Dispose();
        foreach (var node in new[] { Taker, Maker, Arbitrator })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (Chain is not null)
        {
            await Chain.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Mines one block (to the arbitrator, so the traders' balances move only by their trades).</summary>
    public async Task MineAsync() => await Arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });

    /// <summary>Mines one block once <paramref name="txid"/> is in the mempool.</summary>
    public async Task MineWhenInMempoolAsync(string txid)
    {
        await Eventually.TrueAsync(async () => (await Chain.Client.GetMempoolTxidsAsync()).Any(t => t.ToString() == txid), $"{txid} reaches the mempool", TradeTimeout);
        await MineAsync();
    }

    /// <summary>Kills the maker (SIGKILL).</summary>
    public Task KillMakerAsync() => Maker.KillAsync();

    /// <summary>Kills the taker (SIGKILL).</summary>
    public Task KillTakerAsync() => Taker.KillAsync();

    /// <summary>Starts the maker again on its data directory (killing it first if it runs) and unlocks its wallet.</summary>
    public async Task RestartMakerAsync() => Maker = await RestartAsync(Maker, "maker");

    /// <summary>Starts the taker again on its data directory (killing it first if it runs) and unlocks its wallet.</summary>
    public async Task RestartTakerAsync() => Taker = await RestartAsync(Taker, "taker");

    /// <summary>Both traders run (restarting a killed one) and the maker has no open offer left by an earlier test.</summary>
    public async Task EnsureRunningAsync()
    {
        if (Maker.HasExited)
        {
            await RestartMakerAsync();
        }

        if (Taker.HasExited)
        {
            await RestartTakerAsync();
        }

        foreach (var offer in (await Maker.Offers.ListMineAsync(new V1.ListMyOffersRequest())).Offers)
        {
            try
            {
                await Maker.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = offer.OfferId });
            }
            catch (Grpc.Core.RpcException ex) when (ex.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.FailedPrecondition)
            {
            }
        }
    }

    /// <summary>Sends <paramref name="message"/> from the arbitrator's node, in its mail envelope, to <paramref name="recipient"/>: a forgery.</summary>
    internal async Task SendForgedAsync(ApiNodeProcess recipient, TradeMessage message)
    {
        var key = (await recipient.Node.GetInfoAsync(new V1.GetInfoRequest())).NodeKey;
        var payload = Convert.ToBase64String(MailRouter.Wrap(TradeService.MailTopic, message.ToByteArray()));
        using var response = await _control!.PostAsJsonAsync("mailbox", new { recipient = key, payloadBase64 = payload });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Drives trade <paramref name="id"/> to COMPLETED on both traders from wherever it stands: mines the deposit and
    /// the payout once they are in the mempool, and has the buyer and the seller confirm the payment.
    /// </summary>
    public async Task FinishAsync(string id)
    {
        var deadline = DateTime.UtcNow + TradeTimeout;
        while (true)
        {
            var onMaker = await FindAsync(Maker, id);
            var onTaker = await FindAsync(Taker, id);
            if (DateTime.UtcNow >= deadline)
            {
                var makerPeers = (await Maker.Peers.ListAsync(new V1.ListPeersRequest())).ToString();
                var takerPeers = (await Taker.Peers.ListAsync(new V1.ListPeersRequest())).ToString();
                Assert.Fail($"Trade {id}: maker {onMaker?.State}, taker {onTaker?.State}; maker log {Tail(Maker.StderrSoFar)}; taker log {Tail(Taker.StderrSoFar)}; peers maker {makerPeers} taker {takerPeers} arbitrator log {Tail(Arbitrator.StderrSoFar)}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"Trade {id} did not complete in time: maker {onMaker?.State} {onMaker?.LastError}, taker {onTaker?.State} {onTaker?.LastError}.\nMaker log: {Tail(Maker.StderrSoFar)}\nTaker log: {Tail(Taker.StderrSoFar)}");
            if (onMaker?.State == V1.TradeState.Completed && onTaker?.State == V1.TradeState.Completed)
            {
                return;
            }

            foreach (var trade in new[] { onMaker, onTaker }.OfType<V1.Trade>())
            {
                Assert.False(trade.IsClosed && trade.State != V1.TradeState.Completed, $"The trade closed as {trade.State}: {trade.LastError}");
            }

            var buyer = onMaker?.Side == V1.TradeSide.Buyer ? (Maker, onMaker) : (Taker, onTaker);
            var seller = onMaker?.Side == V1.TradeSide.Buyer ? (Taker, onTaker) : (Maker, onMaker);
            var mempool = (await Chain.Client.GetMempoolTxidsAsync()).Select(t => t.ToString()).ToHashSet();
            if (new[] { onMaker, onTaker }.OfType<V1.Trade>().Any(t => mempool.Contains(t.DepositTxid) || mempool.Contains(t.PayoutTxid)))
            {
                await MineAsync();
            }
            else if (buyer.Item2?.State == V1.TradeState.DepositConfirmed)
            {
                await buyer.Item1.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id });
            }
            else if (seller.Item2?.State == V1.TradeState.PaymentSent)
            {
                await seller.Item1.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
            }
            else
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Confirmed balances of the maker and the taker once neither has unconfirmed coins.</summary>
    public async Task<(long Maker, long Taker)> SettledBalancesAsync()
    {
        V1.Balance maker = null!;
        V1.Balance taker = null!;
        await Eventually.TrueAsync(
            async () =>
            {
                maker = await Balance(Maker);
                taker = await Balance(Taker);
                return maker.UnconfirmedSats == 0 && taker.UnconfirmedSats == 0;
            },
            "both traders' wallets settle",
            TradeTimeout);
        return (maker.ConfirmedSats, taker.ConfirmedSats);
    }

    /// <summary>
    /// Checks the traders' balances after completed trades: the buyer of each got its amount and each side paid its
    /// half of the deposit and payout fees read from the chain (the buyer the smaller half), to the satoshi.
    /// </summary>
    public async Task AssertSettledAsync((long Maker, long Taker) before, params string[] ids)
    {
        long maker = 0;
        long taker = 0;
        foreach (var id in ids)
        {
            var trade = await Get(Maker, id);
            Assert.Equal(V1.TradeState.Completed, trade.State);
            await Eventually.TrueAsync(async () => await SeesConfirmedAsync(Maker, trade.PayoutTxid) && await SeesConfirmedAsync(Taker, trade.PayoutTxid), "both wallets see the payout confirmed", TradeTimeout);
            var depositFee = await FeeAsync(Chain, trade.DepositTxid);
            var payoutFee = await FeeAsync(Chain, trade.PayoutTxid);
            Assert.InRange(depositFee, 100, 20_000);
            Assert.InRange(payoutFee, 100, 20_000);
            var buyerGets = trade.AmountSats - (depositFee / 2) - (payoutFee / 2);
            var sellerGives = trade.AmountSats + (depositFee - (depositFee / 2)) + (payoutFee - (payoutFee / 2));
            var makerBuys = trade.Side == V1.TradeSide.Buyer;
            maker += makerBuys ? buyerGets : -sellerGives;
            taker += makerBuys ? -sellerGives : buyerGets;
        }

        var after = await SettledBalancesAsync();
        Assert.Equal(before.Maker + maker, after.Maker);
        Assert.Equal(before.Taker + taker, after.Taker);
        Assert.Equal(0, (await Balance(Maker)).ReservedSats);
        Assert.Equal(0, (await Balance(Taker)).ReservedSats);
    }

    /// <summary>Publishes an offer on the maker and waits until the taker sees it.</summary>
    public async Task<V1.Offer> OfferAsync(V1.CreateOfferRequest request)
    {
        request.PaymentAccount = MakerAccount;
        var offer = (await Maker.Offers.CreateAsync(request)).Offer;
        await Eventually.TrueAsync(async () => (await Taker.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches the taker", TradeTimeout);
        return offer;
    }

    private async Task<ApiNodeProcess> StartTraderAsync(string name) =>
        await ApiNodeProcess.StartAsync(Path.Combine(_root, name), Logging, [.. _common, "--seed-peer", Arbitrator.P2PAddress]);

    private async Task<ApiNodeProcess> RestartAsync(ApiNodeProcess node, string name)
    {
        if (!node.HasExited)
        {
            await node.KillAsync();
        }

        await node.DisposeAsync();
        var restarted = await StartTraderAsync(name);
        await restarted.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = Password, TimeoutSeconds = 3600 });
        return restarted;
    }

    private static string Tail(string log)
    {
        var useful = string.Join('\n', log.Split('\n').Where(l => !l.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) && !l.Contains("failed: banned", StringComparison.Ordinal)));
        return useful.Length > 3000 ? useful[^3000..] : useful;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
