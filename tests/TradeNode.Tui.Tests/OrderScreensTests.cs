using Terminal.Gui.Input;
using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests;

/// <summary>
/// A goods order driven through the front-end's keys: a <c>tradenode chain</c>, an arbitrator, bob (vendor) and alice
/// (buyer) as real processes on loopback. Alice buys bob's listing in the app (F5, B, Review, Confirm); then bob's
/// app shows the order with exactly the vendor's legal actions, and Mark fulfilled once accepted and confirmed.
/// </summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OrderScreensTests
{
    private static readonly TimeSpan Slow = MarketProcesses.Slow;

    [Fact]
    public async Task Buying_a_listing_with_keys_places_the_order_and_the_vendor_s_view_offers_the_legal_actionsAsync()
    {
        await using var market = await MarketProcesses.StartAsync();
        var (bob, alice) = (market.Bob, market.Alice);
        var listing = await market.ListLampAsync();

        Order order;
        string details;
        string review;
        string opened;
        using (var tui = new TuiHarness(alice.Api))
        {
            tui.Press(Key.F5);
            await tui.WaitForTextAsync("│Brass lamp│", Slow);
            tui.Press(Key.Enter);
            details = await tui.WaitForTextAsync("A heavy brass desk lamp.");
            tui.Press(Key.B);
            await tui.WaitForTextAsync("Ship to:");

            // Quantity 2, the one shipping option, an address; Review shows the total; Confirm places the order.
            tui.Press(Key.End, Key.Backspace);
            tui.Type("2");
            tui.Press(Key.Tab, Key.Tab);
            tui.Type("Alice, Hauptstr. 1, Berlin");
            tui.Press(Key.Tab, Key.Enter);
            review = await tui.WaitForTextAsync("Total 0.00205000 BTC");
            var ordersBefore = (await alice.Api.Orders.ListAsync(new ListOrdersRequest())).Orders.Count;
            Assert.Equal(0, ordersBefore);
            tui.Press(Key.Enter);
            opened = await tui.WaitForTextAsync("You buy 2 x Brass lamp", Slow);
            order = Assert.Single((await alice.Api.Orders.ListAsync(new ListOrdersRequest())).Orders);
        }

        await Poll.UntilAsync(async () => (await bob.Api.Orders.ListAsync(new ListOrdersRequest())).Orders.Any(o => o.OrderId == order.OrderId && o.State == OrderState.Funded), "bob receives the funded order", Slow);
        using var vendor = new TuiHarness(bob.Api);
        vendor.Press(Key.F7);
        await vendor.WaitForTextAsync("2 x Brass lamp", Slow);
        vendor.Press(Key.Tab);
        vendor.Press(Key.Enter);
        var funded = await vendor.WaitForTextAsync("⟦ Decline ⟧", Slow);
        var fundedActions = vendor.Window.Trades.OrderDetail.OfferedActions.ToList();

        // Accept (focused) and Yes.
        vendor.Press(Key.Enter);
        await vendor.WaitForTextAsync("⟦ Yes, accept ⟧");
        vendor.Press(Key.Enter);
        await vendor.WaitForTextAsync("Order accepted.", Slow);
        var acceptedActions = vendor.Window.Trades.OrderDetail.OfferedActions.ToList();
        await market.Arbitrator.Api.Wallet.FundAsync(new FundRequest { Blocks = 1 });
        var fulfil = await vendor.WaitForTextAsync("⟦ Mark fulfilled ⟧", Slow);
        var confirmedActions = vendor.Window.Trades.OrderDetail.OfferedActions.ToList();

        Assert.Contains("Vendor: bob", details, StringComparison.Ordinal);
        Assert.Contains("no ratings yet", details, StringComparison.Ordinal);
        Assert.Contains("Shipping: Std to DE for 0.00005000 BTC", details, StringComparison.Ordinal);
        Assert.Contains("2 x 0.00100000 = 0.00200000 BTC + shipping 0.00005000 BTC", review, StringComparison.Ordinal);
        Assert.Contains("Order " + order.OrderId, opened, StringComparison.Ordinal);
        Assert.Equal(listing.ListingId, order.ListingId);
        Assert.Equal(2, order.Quantity);
        Assert.Equal("Std", order.ShippingOption);
        Assert.Equal(205_000, order.AmountSats);
        Assert.Equal(market.ArbitratorNodeId, order.ArbitratorNodeId);
        Assert.Contains("Ship to: Alice, Hauptstr. 1, Berlin", funded, StringComparison.Ordinal);
        Assert.Equal([OrderAction.Accept, OrderAction.Decline], fundedActions);
        Assert.Equal([OrderAction.Refund, OrderAction.OpenDispute], acceptedActions);
        Assert.Equal([OrderAction.MarkFulfilled, OrderAction.Refund, OrderAction.OpenDispute], confirmedActions);
        Assert.Contains("⟦ Refund ⟧", fulfil, StringComparison.Ordinal);
        Assert.Equal(OrderState.Accepted, (await bob.Api.Orders.GetAsync(new GetOrderRequest { OrderId = order.OrderId })).State);
    }

    [Fact]
    public async Task Buying_a_listing_priced_in_euros_prefills_the_reference_rate_shows_the_sats_and_places_the_order_at_itAsync()
    {
        await using var market = await MarketProcesses.StartAsync();
        var (arbitrator, bob, alice) = (market.Arbitrator, market.Bob, market.Alice);
        var arbitratorInfo = await arbitrator.Api.Node.GetInfoAsync(new GetInfoRequest());
        await alice.Api.Wallet.FundAsync(new FundRequest { Blocks = 102 }); // two mature coins: one for the offer's deposit, one for the order
        static Price Euros(string amount) => new() { Fiat = new FiatAmount { Amount = amount, Currency = "EUR" } };
        var listing = (await bob.Api.Listings.CreateAsync(new CreateListingRequest
        {
            Content = new ListingContent
            {
                Title = "Linen towel",
                Description = "Natural linen, 50 x 70 cm.",
                Condition = ItemCondition.New,
                Price = Euros("19.99"),
                Quantity = 3,
                ShippingOptions = { new ShippingOption { Name = "Std", Regions = { "DE" }, Price = Euros("4.50") } },
                ArbitratorNodeIds = { arbitratorInfo.NodeId },
            },
        })).Listing;
        await Poll.UntilAsync(async () => (await alice.Api.Arbitrators.ListAsync(new ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorInfo.NodeId), "alice learns the arbitrator", Slow);
        await Poll.UntilAsync(async () => (await alice.Api.Listings.SearchAsync(new SearchListingsRequest { Query = new ListingQuery() })).Listings.Any(l => l.ListingId == listing.ListingId), "alice sees bob's listing", Slow);
        await Poll.UntilAsync(async () => (await alice.Api.Wallet.GetBalanceAsync(new GetBalanceRequest())).AvailableSats > 0, "alice's coins are mature", Slow);
        await alice.Api.Offers.CreateAsync(new CreateOfferRequest
        {
            Direction = OfferDirection.Buy,
            AmountSats = 1_000_000,
            Price = "60000",
            Currency = "EUR",
            PaymentMethodId = "SEPA",
            ArbitratorNodeIds = { arbitratorInfo.NodeId },
        });

        Order order;
        string prefilled;
        string review;
        using (var tui = new TuiHarness(alice.Api))
        {
            tui.Press(Key.F5);
            await tui.WaitForTextAsync("│Linen towel│", Slow);
            tui.Press(Key.Enter);
            await tui.WaitForTextAsync("Natural linen, 50 x 70 cm.");
            tui.Press(Key.B);
            prefilled = await tui.WaitForTextAsync("the median of 1 live EUR offer", Slow);

            // Quantity 2, the one shipping option, an address, the prefilled rate; Review shows the sats; Confirm orders.
            tui.Press(Key.End, Key.Backspace);
            tui.Type("2");
            tui.Press(Key.Tab, Key.Tab);
            tui.Type("Alice, Hauptstr. 1, Berlin");
            tui.Press(Key.Tab, Key.Tab, Key.Enter);
            review = await tui.WaitForTextAsync("rounded up");
            Assert.Empty((await alice.Api.Orders.ListAsync(new ListOrdersRequest())).Orders);
            tui.Press(Key.Enter);
            await tui.WaitForTextAsync("You buy 2 x Linen towel", Slow);
            order = Assert.Single((await alice.Api.Orders.ListAsync(new ListOrdersRequest())).Orders);
        }

        Assert.Matches(@"EUR/BTC: +60000", prefilled);
        Assert.Contains("2 x 19.99 = 39.98 EUR + shipping 4.5 = 44.48 EUR", review, StringComparison.Ordinal);
        Assert.Contains("at 60000 EUR/BTC = 0.00074134 BTC (74,134 sats, rounded up)", review, StringComparison.Ordinal);
        Assert.Equal((74_134L, "44.48", "EUR", "60000"), (order.AmountSats, order.FiatTotal, order.Currency, order.Rate));
        await Poll.UntilAsync(async () => (await bob.Api.Orders.ListAsync(new ListOrdersRequest())).Orders.Any(o => o.OrderId == order.OrderId && o.State == OrderState.Funded), "bob receives the funded order", Slow);
    }
}
