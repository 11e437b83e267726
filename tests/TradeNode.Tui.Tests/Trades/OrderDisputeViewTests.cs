using System.Net;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Terminal.Gui.Input;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>
/// The order view headless at 80x24, a goods order handed to the app's order feed step by step (as Orders.Watch
/// would): Open dispute only once the vendor accepted; an empty reason is refused on screen before anything is sent;
/// a disputed order offers only Add evidence while the case is open and only Accept decision once it is decided, with
/// the split naming the vendor; a resolved order offers nothing. Nothing here reaches a node (a closed port).
/// </summary>
[Collection(TuiCollection.Name)]
public sealed class OrderDisputeViewTests
{
    [Fact]
    public async Task Each_dispute_step_of_a_goods_order_offers_exactly_its_legal_actionsAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);
        var minutes = -10;
        Order Step(OrderState state, string nextAction)
        {
            var order = new Order
            {
                OrderId = "order-dispute-1",
                Role = OrderRole.Buyer,
                State = state,
                NextAction = nextAction,
                ListingTitle = "Brass lamp",
                Quantity = 1,
                AmountSats = 105_000,
                FundingConfirmed = state != OrderState.Funded,
                FundingTxid = new string('f', 64),
                FundingConfirmations = state == OrderState.Funded ? 0 : 2,
                PayoutConfirmations = -1,
                RefundConfirmations = -1,
                IsClosed = state == OrderState.Resolved,
                UpdatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(minutes++)),
            };
            tui.Session.OrderFeed.Put(order);
            return order;
        }

        var view = tui.Window.Trades.OrderDetail;
        Step(OrderState.Funded, "wait_for_vendor");
        tui.Window.ShowScreen(tui.Window.Trades);
        tui.Window.Trades.OpenOrder("order-dispute-1");
        var funded = await tui.WaitForTextAsync("You buy 1 x Brass lamp");
        var fundedActions = view.OfferedActions.ToList();

        Step(OrderState.Accepted, "wait_for_shipment");
        var accepted = await tui.WaitForTextAsync("⟦ Open dispute ⟧");
        var acceptedActions = view.OfferedActions.ToList();

        // Open dispute (focused), then Enter on the empty reason line: refused on screen, the question stays.
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("⟦ Yes, open dispute ⟧");
        tui.Press(Key.Enter);
        var emptyReason = await tui.WaitForTextAsync("Write why you open the dispute");

        Step(OrderState.Disputed, "dispute_open");
        view.ShowDispute(new Dispute
        {
            TradeId = "order-dispute-1",
            GoodsOrder = true,
            Role = DisputeRole.Buyer,
            OpenedBy = DisputeRole.Buyer,
            State = DisputeState.Open,
            Reason = "The lamp never came",
            Evidence = { new DisputeEvidence { From = DisputeRole.Buyer, Text = "Tracking says returned" } },
        });
        var open = await tui.WaitForTextAsync("⟦ Add evidence ⟧");
        var openActions = view.OfferedActions.ToList();

        view.ShowDispute(new Dispute
        {
            TradeId = "order-dispute-1",
            GoodsOrder = true,
            Role = DisputeRole.Buyer,
            OpenedBy = DisputeRole.Buyer,
            State = DisputeState.Decided,
            Reason = "The lamp never came",
            EscrowSats = 105_000,
            ArbitratorFeeSats = 1_050,
            BuyerSats = 80_000,
            SellerSats = 23_450,
            MiningFeeSats = 500,
            Note = "Half the shipping back",
        });
        var decided = await tui.WaitForTextAsync("⟦ Accept decision ⟧");
        var decidedActions = view.OfferedActions.ToList();

        Step(OrderState.Resolved, "none");
        var resolved = await tui.WaitForTextAsync("Resolved — Closed");

        Assert.Empty(fundedActions);
        Assert.DoesNotContain("Open dispute", funded, StringComparison.Ordinal);
        Assert.Equal([OrderAction.OpenDispute], acceptedActions);
        Assert.Contains("⟦ Back ⟧", accepted, StringComparison.Ordinal);
        Assert.Contains("Funding tx ffffffffffffffff… (unconfirmed)", funded, StringComparison.Ordinal);
        Assert.Contains("Funding tx ffffffffffffffff… (2 conf)", accepted, StringComparison.Ordinal);
        Assert.Contains("Write why you open the dispute: the arbitrator reads it first.", emptyReason, StringComparison.Ordinal);
        Assert.Equal([OrderAction.AddEvidence], openActions);
        Assert.Contains("Dispute open (1 statement(s)): The lamp never came", open, StringComparison.Ordinal);
        Assert.Contains("buyer (opened): The lamp", open, StringComparison.Ordinal);
        Assert.Contains("buyer: Tracking says", open, StringComparison.Ordinal);
        Assert.DoesNotContain("Open dispute", open, StringComparison.Ordinal);
        Assert.Equal([OrderAction.AcceptDecision], decidedActions);
        Assert.Contains("Dispute Decided: buyer 0.00080000, vendor 0.00023450", decided, StringComparison.Ordinal);
        Assert.Contains("arbitrator: Half the", decided, StringComparison.Ordinal);
        Assert.Empty(view.OfferedActions);
        Assert.DoesNotContain("Accept decision", resolved, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
