using System.Net;
using System.Net.Sockets;
using Terminal.Gui.Input;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>
/// The arbitrator's split form drawn headless at 80x24 for a case handed to the console (as Disputes.Get hands it):
/// a split that does not add up is refused on screen with the numbers and nothing is asked; one that adds up asks to
/// sign and send. Nothing here reaches a node (the API address is a closed port).
/// </summary>
[Collection(TuiCollection.Name)]
public sealed class DisputeConsoleViewTests
{
    [Fact]
    public async Task The_split_form_refuses_sums_that_do_not_add_up_and_asks_before_signing_one_that_doesAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);
        var dispute = new Dispute
        {
            TradeId = "trade-1234567890",
            Role = DisputeRole.Arbitrator,
            OpenedBy = DisputeRole.Buyer,
            State = DisputeState.Open,
            Reason = "The seller never confirmed my payment",
            EscrowSats = 1_240_000,
            ArbitratorFeeSats = 12_400,
            DepositTxid = "ab12",
            QuoteFeeRateSatPerKvb = 2_000,
            QuoteMiningFeeOneTraderSats = 400,
            QuoteMiningFeeBothTradersSats = 500,
            Evidence = { new DisputeEvidence { From = DisputeRole.Buyer, Text = "SEPA ref 42 on the 3rd" } },
        };

        tui.Window.ShowScreen(tui.Window.Trades);
        tui.Press(Key.D);
        await tui.WaitForTextAsync("Disputes console");
        tui.Window.Trades.Disputes.ShowCase(dispute);
        var shown = await tui.WaitForTextAsync("Buyer sats:");
        var quote = tui.Window.Trades.Disputes.SumsMessage;

        // 1,000,000 + 200,000 + fee 12,400 + 500 = 1,212,900: 27,100 short of the escrow.
        tui.Type("1000000");
        tui.Press(Key.Tab);
        tui.Type("200000");
        tui.Press(Key.Tab, Key.Tab, Key.Enter);
        var refused = await tui.WaitForTextAsync("does not add up");
        var refusedMessage = tui.Window.Trades.Disputes.SumsMessage;

        // 1,000,000 + 227,100 + 12,400 + 500 = 1,240,000.
        tui.Press(Key.Tab.WithShift, Key.Tab.WithShift);
        tui.Press(Key.End);
        tui.Press([.. Enumerable.Repeat(Key.Backspace, 10)]);
        tui.Type("227100");
        tui.Press(Key.Tab, Key.Tab, Key.Enter);
        var asking = await tui.WaitForTextAsync("⟦ Yes, sign and send ⟧");

        Assert.Contains("Reason: The seller never confirmed my payment", shown, StringComparison.Ordinal);
        Assert.Contains("buyer: SEPA ref 42 on the 3rd", shown, StringComparison.Ordinal);
        Assert.Contains("Escrow 1240000", shown, StringComparison.Ordinal);
        Assert.Equal("Escrow 1240000 = buyer + seller + fee 12400 + mining fee (400 to one trader, 500 to both).", quote);
        Assert.Contains("= 1212900 sats, the escrow holds 1240000 sats (27100 sats left over).", refusedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Yes, sign and send", refused, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent.", refused, StringComparison.Ordinal);
        Assert.Contains("= escrow 1240000 sats.", tui.Window.Trades.Disputes.SumsMessage, StringComparison.Ordinal);
        Assert.Contains("Sign this payout and send it to both traders?", asking, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
