using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>
/// The trade view headless at 80x24: Open dispute is on screen only in the states where the node accepts it, and a
/// disputed trade shows the arbitrator's split with Accept decision once decided.
/// </summary>
[Collection(TuiCollection.Name)]
public sealed class TradeDisputeViewTests
{
    [Fact]
    public async Task Open_dispute_shows_only_when_legal_and_a_decided_case_offers_its_split_to_acceptAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);
        var trade = new Trade
        {
            TradeId = "trade-dispute-1",
            Side = TradeSide.Buyer,
            State = TradeState.Accepted,
            NextAction = "wait_for_deposit",
            AmountSats = 1_000_000,
            FiatAmount = new FiatAmount { Amount = "620", Currency = "EUR" },
            UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-3)),
        };
        tui.Session.TradeFeed.Put(trade);
        tui.Window.ShowScreen(tui.Window.Trades);
        tui.Window.Trades.Open(trade.TradeId);
        var accepted = await tui.WaitForTextAsync("⟦ Cancel trade ⟧");

        var confirmed = trade.Clone();
        confirmed.State = TradeState.DepositConfirmed;
        confirmed.NextAction = "confirm_payment_sent";
        confirmed.UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-2));
        tui.Session.TradeFeed.Put(confirmed);
        var open = await tui.WaitForTextAsync("⟦ Open dispute ⟧");
        var openActions = tui.Window.Trades.Detail.OfferedActions.ToList();

        var disputed = trade.Clone();
        disputed.State = TradeState.Disputed;
        disputed.NextAction = "dispute_open";
        disputed.UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1));
        tui.Session.TradeFeed.Put(disputed);
        tui.Window.Trades.Detail.ShowDispute(new Dispute
        {
            TradeId = trade.TradeId,
            State = DisputeState.Decided,
            Role = DisputeRole.Buyer,
            EscrowSats = 1_240_000,
            ArbitratorFeeSats = 12_400,
            BuyerSats = 1_000_000,
            SellerSats = 227_100,
            MiningFeeSats = 500,
        });
        var decided = await tui.WaitForTextAsync("⟦ Accept decision ⟧");

        Assert.DoesNotContain("Open dispute", accepted, StringComparison.Ordinal);
        Assert.Contains("⟦ Payment sent ⟧", open, StringComparison.Ordinal);
        Assert.Equal([TradeAction.PaymentSent, TradeAction.OpenDispute], openActions);
        Assert.DoesNotContain("Open dispute", decided, StringComparison.Ordinal);
        Assert.Contains("Dispute Decided: buyer 0.01000000, seller 0.00227100", decided, StringComparison.Ordinal);
        Assert.Equal([TradeAction.AcceptDecision], tui.Window.Trades.Detail.OfferedActions);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
