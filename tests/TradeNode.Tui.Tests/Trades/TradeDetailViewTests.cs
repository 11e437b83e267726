using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>
/// The trade view drawn headless at 80x24 for trades handed to the app's trade feed (as Trades.Watch hands them):
/// the buttons on screen are the legal actions, and they change when the trade's state does.
/// </summary>
[Collection(TuiCollection.Name)]
public sealed class TradeDetailViewTests
{
    [Fact]
    public async Task A_take_request_offers_only_cancel_and_the_confirmed_deposit_only_payment_sentAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);
        var trade = Trade(TradeState.TakeRequested, "wait_for_maker");

        tui.Session.TradeFeed.Put(trade, isEvent: true);
        var unread = await tui.WaitForTextAsync("Trades 1");
        tui.Window.ShowScreen(tui.Window.Trades);
        tui.Window.Trades.Open(trade.TradeId);
        var requested = await tui.WaitForTextAsync("Waiting for the maker to accept");
        var requestedActions = tui.Window.Trades.Detail.OfferedActions.ToList();
        var confirmed = trade.Clone();
        confirmed.State = TradeState.DepositConfirmed;
        confirmed.NextAction = "confirm_payment_sent";
        confirmed.EscrowAddress = "bcrt1qescrow";
        confirmed.UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        tui.Session.TradeFeed.Put(confirmed, isEvent: true);
        var paying = await tui.WaitForTextAsync("Pay 620 EUR, then press Payment sent");

        Assert.Contains("Trades 1", StatusBar(unread), StringComparison.Ordinal);
        Assert.DoesNotContain("Trades 1", StatusBar(requested), StringComparison.Ordinal);
        Assert.Equal([TradeAction.Cancel], requestedActions);
        Assert.Contains("⟦ Cancel trade ⟧", requested, StringComparison.Ordinal);
        Assert.DoesNotContain("⟦ Payment sent ⟧", requested, StringComparison.Ordinal);
        Assert.Contains("▶ Take requested", requested, StringComparison.Ordinal);
        Assert.Equal([TradeAction.PaymentSent, TradeAction.OpenDispute], tui.Window.Trades.Detail.OfferedActions);
        Assert.Contains("⟦ Payment sent ⟧", paying, StringComparison.Ordinal);
        Assert.DoesNotContain("⟦ Cancel trade ⟧", paying, StringComparison.Ordinal);
        Assert.DoesNotContain("Payment received ⟧", paying, StringComparison.Ordinal);
        Assert.Contains("✓ Deposit published", paying, StringComparison.Ordinal);
        Assert.Contains("▶ Deposit confirmed", paying, StringComparison.Ordinal);
        Assert.Contains("Escrow address bcrt1qescrow", paying, StringComparison.Ordinal);
        Assert.Contains("Pay to: IBAN DE00 bob", paying, StringComparison.Ordinal);
    }

    private static Trade Trade(TradeState state, string next) => new()
    {
        TradeId = "7c1d2e3f00112233445566778899aabb",
        OfferId = "offer",
        Role = TradeRole.Taker,
        Side = TradeSide.Buyer,
        State = state,
        AmountSats = 1_000_000,
        BuyerDepositSats = 150_000,
        SellerDepositSats = 150_000,
        EscrowSats = 1_300_000,
        FiatAmount = new FiatAmount { Amount = "620", Currency = "EUR" },
        Price = new FiatAmount { Amount = "62000", Currency = "EUR" },
        PaymentMethodId = "SEPA",
        CounterpartyNodeId = "tn1bobbobbobbobbob",
        ArbitratorNodeId = "tn1adaadaadaada",
        CounterpartyPaymentAccount = "IBAN DE00 bob",
        NextAction = next,
        CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
    };

    private static string StatusBar(string screen) => screen.Split('\n').Last(l => l.Contains("F10", StringComparison.Ordinal));

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
