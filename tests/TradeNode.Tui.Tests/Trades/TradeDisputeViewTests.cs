using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>
/// The trade view headless at 80x24 with a disputed currency trade handed to the app's feeds (as Trades.Watch and
/// Disputes.Watch would): the case is listed above the timeline, the opener's reason and each side's statement
/// attributed. Nothing here reaches a node (a closed port).
/// </summary>
[Collection(TuiCollection.Name)]
public sealed class TradeDisputeViewTests
{
    [Fact]
    public async Task A_disputed_trade_lists_the_reason_and_each_sides_statementsAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);
        tui.Session.TradeFeed.Put(new Trade
        {
            TradeId = "trade-dispute-1",
            Role = TradeRole.Taker,
            Side = TradeSide.Buyer,
            State = TradeState.Disputed,
            NextAction = "dispute_open",
            AmountSats = 1_000_000,
            EscrowSats = 1_300_000,
            DepositTxid = new string('d', 64),
            DepositConfirmations = 3,
            PayoutConfirmations = -1,
            UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        tui.Window.ShowScreen(tui.Window.Trades);
        tui.Window.Trades.Open("trade-dispute-1");
        var before = await tui.WaitForTextAsync("Deposit tx");

        tui.Window.Trades.Detail.ShowDispute(new Dispute
        {
            TradeId = "trade-dispute-1",
            Role = DisputeRole.Buyer,
            OpenedBy = DisputeRole.Seller,
            State = DisputeState.Open,
            Reason = "No SEPA transfer",
            Evidence =
            {
                new DisputeEvidence { From = DisputeRole.Buyer, Text = "Bank ref 4711" },
                new DisputeEvidence { From = DisputeRole.Seller, Text = "Statement is empty" },
            },
        });
        var disputed = await tui.WaitForTextAsync("seller (opened): No SEPA");

        Assert.DoesNotContain("(opened)", before, StringComparison.Ordinal);
        Assert.Contains("buyer: Bank ref 4711", disputed, StringComparison.Ordinal);
        Assert.Contains("seller: Statement is", disputed, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
