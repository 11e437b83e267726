using Terminal.Gui.Input;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A goods order disputed end to end through the front-end's keys: a <c>tradenode chain</c>, an arbitrator (Ada),
/// bob (vendor) and alice (buyer) as real processes on loopback. The order is placed and accepted through the API;
/// then alice opens the dispute from her order view, Ada's console decides a split (a wrong sum is refused on screen
/// first), alice's view (open all along) offers the decision as it arrives and she accepts it, and once the payout
/// confirms her order shows RESOLVED.
/// </summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OrderDisputeScreensTests
{
    private const string OrderRowText = "1 x Brass lamp";
    private static readonly TimeSpan Slow = MarketProcesses.Slow;

    [Fact]
    public async Task A_goods_order_is_disputed_decided_and_accepted_through_the_viewsAsync()
    {
        await using var market = await MarketProcesses.StartAsync();
        var (arbitrator, bob, alice) = (market.Arbitrator, market.Bob, market.Alice);
        var listing = await market.ListLampAsync();
        var order = (await alice.Api.Orders.PlaceOrderAsync(new PlaceOrderRequest
        {
            ListingId = listing.ListingId,
            Quantity = 1,
            ShippingOption = "Std",
            ShippingAddress = "Alice, Hauptstr. 1, Berlin",
            ArbitratorNodeId = market.ArbitratorNodeId,
        })).Order;
        await Poll.UntilAsync(async () => (await bob.Api.Orders.ListAsync(new ListOrdersRequest())).Orders.Any(o => o.OrderId == order.OrderId && o.State == OrderState.Funded), "bob receives the funded order", Slow);
        await bob.Api.Orders.AcceptAsync(new AcceptOrderRequest { OrderId = order.OrderId });
        await Poll.UntilAsync(async () => (await alice.Api.Orders.GetAsync(new GetOrderRequest { OrderId = order.OrderId })).State == OrderState.Accepted, "alice learns bob accepted", Slow);

        // Alice opens the dispute from her order view: F7, Tab to the orders, Enter, Open dispute, the reason, Enter.
        // Her app stays open on the order while Ada decides.
        using var buyer = new TuiHarness(alice.Api);
        await OpenOrderAsync(buyer);
        var accepted = await buyer.WaitForTextAsync("⟦ Open dispute ⟧", Slow);
        IReadOnlyList<OrderAction> acceptedActions = [.. buyer.Window.Trades.OrderDetail.OfferedActions];
        buyer.Press(Key.Enter);
        await buyer.WaitForTextAsync("⟦ Yes, open dispute ⟧");
        buyer.Type("The lamp never came");
        buyer.Press(Key.Enter);
        var opened = await buyer.WaitForTextAsync("Dispute open (", Slow);

        // The vendor joins the case (its payout address) before Ada can give it a share.
        await Poll.UntilAsync(
            async () => (await arbitrator.Api.Disputes.ListAsync(new ListDisputesRequest())).Disputes.Any(d => d.TradeId == order.OrderId && d.SellerPayoutKnown),
            "Ada has the case with the vendor's payout address",
            Slow);

        // Ada's console: D, Enter on the case; a split 10,000 sats short is refused; the right one is signed and sent.
        string caseScreen;
        string refused;
        string refusedMessage;
        string decided;
        Dispute shownCase;
        using (var ada = new TuiHarness(arbitrator.Api))
        {
            ada.Press(Key.F7);
            await ada.WaitForTextAsync("D disputes");
            ada.Press(Key.D);
            await ada.WaitForTextAsync("order " + order.OrderId[..8], Slow);
            ada.Press(Key.Enter);
            caseScreen = await ada.WaitForTextAsync("Vendor sats:", Slow);
            shownCase = ada.Window.Trades.Disputes.Case!;
            var vendorShare = shownCase.EscrowSats - shownCase.ArbitratorFeeSats - shownCase.QuoteMiningFeeBothTradersSats - 80_000;
            ada.Type("80000");
            ada.Press(Key.Tab);
            ada.Type((vendorShare - 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            ada.Press(Key.Tab, Key.Tab, Key.Enter);
            refused = await ada.WaitForTextAsync("does not add up");
            refusedMessage = ada.Window.Trades.Disputes.SumsMessage;
            ada.Press(Key.Tab.WithShift, Key.Tab.WithShift, Key.End);
            ada.Press([.. Enumerable.Repeat(Key.Backspace, 10)]);
            ada.Type(vendorShare.ToString(System.Globalization.CultureInfo.InvariantCulture));
            ada.Press(Key.Tab, Key.Tab, Key.Enter);
            await ada.WaitForTextAsync("⟦ Yes, sign and send ⟧");
            ada.Press(Key.Enter);
            decided = await ada.WaitForTextAsync("Decided: the payout is signed and sent", Slow);
        }

        // Alice's open view offers Accept decision by itself once the decision reached her node (Disputes.Watch); the
        // focus moves to it: Enter, Yes; a block confirms the payout.
        var offered = await buyer.WaitForTextAsync("⟦ Accept decision ⟧", Slow);
        IReadOnlyList<OrderAction> decidedActions = [.. buyer.Window.Trades.OrderDetail.OfferedActions];
        buyer.Press(Key.Enter);
        await buyer.WaitForTextAsync("⟦ Yes, accept ⟧");
        buyer.Press(Key.Enter);
        await buyer.WaitForTextAsync("Decision accepted", Slow);
        await arbitrator.Api.Wallet.FundAsync(new FundRequest { Blocks = 1 });
        var resolved = await buyer.WaitForTextAsync("Resolved — Closed", Slow);

        Assert.Equal([OrderAction.OpenDispute], acceptedActions);
        Assert.Contains("Accepted — ", accepted, StringComparison.Ordinal);
        Assert.Contains("buyer (opened): The lamp", opened, StringComparison.Ordinal);
        Assert.True(shownCase.GoodsOrder);
        Assert.Contains("Goods order " + order.OrderId, caseScreen, StringComparison.Ordinal);
        Assert.Contains("Reason: The lamp never came", caseScreen, StringComparison.Ordinal);
        Assert.Contains("buyer 80000 + vendor ", refusedMessage, StringComparison.Ordinal);
        Assert.Contains("(10000 sats left over)", refusedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Yes, sign and send", refused, StringComparison.Ordinal);
        Assert.Contains("Decision: buyer 80000, vendor ", decided, StringComparison.Ordinal);
        Assert.Equal([OrderAction.AcceptDecision], decidedActions);
        Assert.Contains("Dispute Decided: buyer 0.00080000, vendor ", offered, StringComparison.Ordinal);
        Assert.Empty(OrderActionsOn(resolved));
        var final = await alice.Api.Orders.GetAsync(new GetOrderRequest { OrderId = order.OrderId });
        Assert.Equal(OrderState.Resolved, final.State);
        var dispute = await alice.Api.Disputes.GetAsync(new GetDisputeRequest { TradeId = order.OrderId });
        Assert.Equal(80_000, dispute.BuyerSats);
        Assert.Equal(shownCase.EscrowSats - shownCase.ArbitratorFeeSats - shownCase.QuoteMiningFeeBothTradersSats - 80_000, dispute.SellerSats);
    }

    /// <summary>F7, Tab to the orders table, Enter on the one order.</summary>
    private static async Task OpenOrderAsync(TuiHarness tui)
    {
        tui.Press(Key.F7);
        await tui.WaitForTextAsync(OrderRowText, Slow);
        tui.Press(Key.Tab);
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("You buy 1 x Brass lamp", Slow);
    }

    /// <summary>The dispute and order buttons drawn on <paramref name="screen"/>.</summary>
    private static string[] OrderActionsOn(string screen) =>
        [.. new[] { "Open dispute", "Add evidence", "Accept decision", "Confirm receipt" }.Where(caption => screen.Contains($"⟦ {caption} ⟧", StringComparison.Ordinal))];
}
