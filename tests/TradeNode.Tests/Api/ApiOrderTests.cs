using System.Text.Json;
using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Goods orders between real node processes (buyer, vendor, arbitrator) on one <c>tradenode chain</c>, driven only
/// through the API and the CLI: an order placed and funded while the vendor's process is stopped, a vendor killed
/// with SIGKILL after accepting, a decline and a refund. Every settled order checks the buyer's and the vendor's
/// wallets to the satoshi against the fees measured on chain. An order disputed by the vendor and won by it runs
/// through the Disputes API and the <c>tradenode disputes</c> CLI and checks all three wallets; an order whose vendor
/// is gone for good is refunded through a buyer-only dispute after a short vendor response period.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiOrderTests() : ApiProcessTestBase("order")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;
    private const long UnitPrice = 1_000_000;
    private const long Shipping = 20_000;
    private const string Address = "Jane Doe, 1 Main St, Springfield";
    private static readonly TimeSpan OrderTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_order_placed_while_the_vendor_is_stopped_completes_after_the_vendor_starts_and_survives_a_kill_after_accepting()
    {
        var (chain, arbitrator, vendor, buyer, listingId) = await StartMarketAsync(buyerCoins: 1);
        var vendorArgs = VendorArgs(chain, arbitrator);
        var buyerBefore = (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats;
        var vendorBefore = (await ApiChecks.BalanceAsync(vendor)).ConfirmedSats;
        await vendor.StopAsync();

        await ApiAssert.InvalidAsync("quantity", () => buyer.Orders.PlaceOrderAsync(Place(listingId, 4)).ResponseAsync);
        var placed = (await buyer.Orders.PlaceOrderAsync(Place(listingId, 2))).Order;
        var id = placed.OrderId;
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });

        vendor = await StartNodeAsync("vendor", vendorArgs);
        await vendor.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = Password });
        await WaitForStateAsync(vendor, id, V1.OrderState.Funded);
        var received = await Get(vendor, id);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => buyer.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = id }).ResponseAsync);
        await vendor.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = id });
        await WaitForStateAsync(buyer, id, V1.OrderState.Accepted);

        await vendor.KillAsync();
        vendor = await StartNodeAsync("vendor", vendorArgs);
        await vendor.Wallet.UnlockAsync(new V1.UnlockWalletRequest { Password = Password });
        Assert.Equal(V1.OrderState.Accepted, (await Get(vendor, id)).State);
        await EventuallyAsync(async () => (await Get(vendor, id)).FundingConfirmed, "the restarted vendor sees the funding confirmed", OrderTimeout);
        var fulfil = await TradeNodeProcess.RunAsync(["orders", "fulfil", id, "--note", "DHL 0034", "--datadir", vendor.DataDirectory]);
        await WaitForStateAsync(buyer, id, V1.OrderState.Fulfilled);
        var toConfirm = await Get(buyer, id);
        await buyer.Orders.ConfirmReceiptAsync(new V1.ConfirmReceiptRequest { OrderId = id });
        await WaitForStateAsync(vendor, id, V1.OrderState.PayoutPublished, V1.OrderState.Completed);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(buyer, id, V1.OrderState.Completed);
        await WaitForStateAsync(vendor, id, V1.OrderState.Completed);
        var onBuyer = await Get(buyer, id);
        var onVendor = await Get(vendor, id);
        var fundingFee = await ApiChecks.FeeAsync(chain, onBuyer.FundingTxid);
        var payoutFee = await ApiChecks.FeeAsync(chain, onVendor.PayoutTxid);
        var amount = (2 * UnitPrice) + Shipping;
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats == buyerBefore - amount - fundingFee, "the buyer's wallet paid the amount and the funding fee", OrderTimeout);
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(vendor)).ConfirmedSats == vendorBefore + amount - payoutFee, "the vendor's wallet got the amount minus the payout fee", OrderTimeout);
        var cli = await TradeNodeProcess.RunAsync(["orders", "list", "--closed", "--json", "--datadir", buyer.DataDirectory]);
        var shown = await TradeNodeProcess.RunAsync(["orders", "get", id, "--datadir", vendor.DataDirectory]);

        Assert.Equal(V1.OrderState.Funded, placed.State);
        Assert.Equal(V1.OrderRole.Buyer, placed.Role);
        Assert.Equal("wait_for_vendor", placed.NextAction);
        Assert.Equal(amount, placed.AmountSats);
        Assert.Equal(string.Empty, placed.ShippingAddress);
        Assert.Equal(Address, received.ShippingAddress);
        Assert.Equal("accept_or_decline", received.NextAction);
        Assert.Equal(buyer.NodeId, received.CounterpartyNodeId);
        Assert.Equal(arbitrator.NodeId, received.ArbitratorNodeId);
        Assert.Equal("confirm_receipt", toConfirm.NextAction);
        Assert.Equal("DHL 0034", toConfirm.TrackingNote);
        Assert.True(fulfil.ExitCode == 0, fulfil.ToString());
        Assert.Equal(onBuyer.EscrowAddress, onVendor.EscrowAddress);
        Assert.StartsWith("bcrt1q", onBuyer.EscrowAddress, StringComparison.Ordinal);
        Assert.Equal(onBuyer.PayoutTxid, onVendor.PayoutTxid);
        Assert.Equal("none", onVendor.NextAction);
        Assert.InRange(fundingFee, 100, 20_000);
        Assert.InRange(payoutFee, 100, 20_000);
        Assert.Equal(0, (await ApiChecks.BalanceAsync(buyer)).ReservedSats);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        using var json = JsonDocument.Parse(cli.Stdout);
        var listed = Assert.Single(json.RootElement.GetProperty("orders").EnumerateArray());
        Assert.Equal("ORDER_STATE_COMPLETED", listed.GetProperty("state").GetString());
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains(Address, shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{onVendor.PayoutTxid} (1 confirmation)", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal((2, 1, -1), (onVendor.FundingConfirmations, onVendor.PayoutConfirmations, onVendor.RefundConfirmations));
    }

    [Fact]
    public async Task A_listing_priced_in_euros_is_ordered_through_the_cli_at_a_stated_rate_and_completes_to_the_satoshi()
    {
        static V1.Price Euros(string amount) => new() { Fiat = new V1.FiatAmount { Amount = amount, Currency = "EUR" } };
        var (chain, arbitrator, vendor, buyer, listingId) = await StartMarketAsync(buyerCoins: 1, Euros("19.99"), Euros("4.50"));
        var buyerBefore = (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats;
        var vendorBefore = (await ApiChecks.BalanceAsync(vendor)).ConfirmedSats;
        var noPrice = await TradeNodeProcess.RunAsync(["offers", "price", "EUR", "--datadir", buyer.DataDirectory]);
        await ApiAssert.InvalidAsync("currency", () => buyer.Offers.GetMarketPriceAsync(new V1.GetMarketPriceRequest { Currency = "EURO" }).ResponseAsync);
        var noRate = await TradeNodeProcess.RunAsync(["orders", "place", listingId, "--shipping", "Post", "--address", Address, "--datadir", buyer.DataDirectory]);
        var badRate = await TradeNodeProcess.RunAsync(["orders", "place", listingId, "--shipping", "Post", "--address", Address, "--rate", "-5", "--datadir", buyer.DataDirectory]);

        // An EUR offer gives both nodes a reference price of 60000; the buyer's 61234.50 pays the vendor 2% less, within 5%.
        await arbitrator.Offers.CreateAsync(ApiOffers.Buy(1_000_000, buyer.NodeId, "60000"));
        await EventuallyAsync(
            async () => (await buyer.Offers.GetMarketPriceAsync(new V1.GetMarketPriceRequest { Currency = "EUR" })).HasPrice
                && (await vendor.Offers.GetMarketPriceAsync(new V1.GetMarketPriceRequest { Currency = "EUR" })).HasPrice,
            "both nodes have the EUR offer",
            OrderTimeout);
        var price = await TradeNodeProcess.RunAsync(["offers", "price", "EUR", "--datadir", buyer.DataDirectory]);
        var shownListing = await TradeNodeProcess.RunAsync(["listings", "get", listingId, "--datadir", buyer.DataDirectory]);
        var place = await TradeNodeProcess.RunAsync(["orders", "place", listingId, "--quantity", "2", "--shipping", "Post", "--address", Address, "--rate", "61234.50", "--json",
            "--datadir", buyer.DataDirectory]);
        Assert.True(place.ExitCode == 0, place.ToString());
        using var placedJson = JsonDocument.Parse(place.Stdout);
        var id = placedJson.RootElement.GetProperty("order").GetProperty("orderId").GetString()!;
        await WaitForStateAsync(vendor, id, V1.OrderState.Funded);
        var shownOrder = await TradeNodeProcess.RunAsync(["orders", "get", id, "--datadir", vendor.DataDirectory]);
        await vendor.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = id });
        await WaitForStateAsync(buyer, id, V1.OrderState.Accepted);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await Get(vendor, id)).FundingConfirmed, "the vendor sees the funding confirmed", OrderTimeout);
        await vendor.Orders.MarkFulfilledAsync(new V1.MarkFulfilledRequest { OrderId = id, TrackingNote = "DHL 1" });
        await WaitForStateAsync(buyer, id, V1.OrderState.Fulfilled);
        await buyer.Orders.ConfirmReceiptAsync(new V1.ConfirmReceiptRequest { OrderId = id });
        await WaitForStateAsync(vendor, id, V1.OrderState.PayoutPublished, V1.OrderState.Completed);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(buyer, id, V1.OrderState.Completed);
        await WaitForStateAsync(vendor, id, V1.OrderState.Completed);
        var onBuyer = await Get(buyer, id);
        var onVendor = await Get(vendor, id);
        const long Sats = 72_639; // ceil((2 x 19.99 + 4.50) x 1e8 / 61234.50)
        var fundingFee = await ApiChecks.FeeAsync(chain, onBuyer.FundingTxid);
        var payoutFee = await ApiChecks.FeeAsync(chain, onVendor.PayoutTxid);
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats == buyerBefore - Sats - fundingFee, "the buyer paid the converted amount and the funding fee", OrderTimeout);
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(vendor)).ConfirmedSats == vendorBefore + Sats - payoutFee, "the vendor got it minus the payout fee", OrderTimeout);

        Assert.True(noPrice.ExitCode == 0, noPrice.ToString());
        Assert.Contains("No live EUR offers", noPrice.Stdout, StringComparison.Ordinal);
        Assert.True(noRate.ExitCode == 3, noRate.ToString());
        Assert.Contains("give the rate", noRate.Stderr + noRate.Stdout, StringComparison.Ordinal);
        Assert.True(badRate.ExitCode == 2, badRate.ToString());
        Assert.True(price.ExitCode == 0, price.ToString());
        Assert.Contains("60000 EUR per BTC (median of 1 live offer)", price.Stdout, StringComparison.Ordinal);
        Assert.True(shownListing.ExitCode == 0, shownListing.ToString());
        Assert.Contains("19.99 EUR (about 33,317 sats at 60000 EUR/BTC", shownListing.Stdout, StringComparison.Ordinal);
        Assert.True(shownOrder.ExitCode == 0, shownOrder.ToString());
        Assert.Contains("44.48 EUR at 61234.5 EUR/BTC = 72,639 sats", shownOrder.Stdout, StringComparison.Ordinal);
        Assert.Equal((Sats, "44.48", "EUR", "61234.5"), (onVendor.AmountSats, onVendor.FiatTotal, onVendor.Currency, onVendor.Rate));
        Assert.Equal((Sats, "44.48", "EUR", "61234.5"), (onBuyer.AmountSats, onBuyer.FiatTotal, onBuyer.Currency, onBuyer.Rate));
        Assert.Single((await buyer.Orders.ListAsync(new V1.ListOrdersRequest())).Orders); // the refused attempts left nothing
    }

    [Fact]
    public async Task A_declined_order_and_an_order_refunded_after_accepting_return_the_escrow_to_the_buyer_minus_the_fees()
    {
        var (chain, arbitrator, vendor, buyer, listingId) = await StartMarketAsync(buyerCoins: 2);
        var buyerBefore = (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats;

        var declined = (await buyer.Orders.PlaceOrderAsync(Place(listingId, 1))).Order.OrderId;
        var refunded = (await buyer.Orders.PlaceOrderAsync(Place(listingId, 1))).Order.OrderId;
        await WaitForStateAsync(vendor, declined, V1.OrderState.Funded);
        await WaitForStateAsync(vendor, refunded, V1.OrderState.Funded);
        var decline = await TradeNodeProcess.RunAsync(["orders", "decline", declined, "--reason", "out of stock", "--datadir", vendor.DataDirectory]);
        await vendor.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = refunded });
        await WaitForStateAsync(buyer, refunded, V1.OrderState.Accepted);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => vendor.Orders.DeclineAsync(new V1.DeclineOrderRequest { OrderId = refunded }).ResponseAsync);
        await vendor.Orders.RefundAsync(new V1.RefundOrderRequest { OrderId = refunded, Reason = "broken in the workshop" });
        await WaitForStateAsync(buyer, declined, V1.OrderState.RefundPublished);
        await WaitForStateAsync(buyer, refunded, V1.OrderState.RefundPublished);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        foreach (var node in new[] { buyer, vendor })
        {
            await WaitForStateAsync(node, declined, V1.OrderState.Declined);
            await WaitForStateAsync(node, refunded, V1.OrderState.Refunded);
        }

        var one = await Get(buyer, declined);
        var two = await Get(buyer, refunded);
        var fees = await ApiChecks.FeeAsync(chain, one.FundingTxid) + await ApiChecks.FeeAsync(chain, one.RefundTxid) + await ApiChecks.FeeAsync(chain, two.FundingTxid) + await ApiChecks.FeeAsync(chain, two.RefundTxid);
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats == buyerBefore - fees, "the buyer has everything back but the four fees", OrderTimeout);

        Assert.True(decline.ExitCode == 0, decline.ToString());
        Assert.Equal("out of stock", one.RefundReason);
        Assert.Equal("broken in the workshop", two.RefundReason);
        Assert.True(one.IsClosed && two.IsClosed);
        Assert.Empty(one.PayoutTxid);
        Assert.Equal(0, (await ApiChecks.BalanceAsync(buyer)).ReservedSats);
    }

    [Fact]
    public async Task An_order_disputed_by_the_vendor_is_won_by_the_vendor_through_the_cli_and_all_three_wallets_match_to_the_satoshi()
    {
        var (chain, arbitrator, vendor, buyer, listingId) = await StartMarketAsync(buyerCoins: 1);
        await ApiTrading.MineAsync(chain, 100); // the arbitrator's coinbases mature: later blocks move no balance
        var before = await SettledBalancesAsync(chain, buyer, vendor, arbitrator);
        var id = (await buyer.Orders.PlaceOrderAsync(Place(listingId, 1))).Order.OrderId;
        await WaitForStateAsync(vendor, id, V1.OrderState.Funded);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => buyer.Disputes.OpenAsync(new V1.OpenDisputeRequest { TradeId = id, Reason = "before the vendor signed" }).ResponseAsync);
        await vendor.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = id });
        await WaitForStateAsync(buyer, id, V1.OrderState.Accepted);

        var open = await TradeNodeProcess.RunAsync(["disputes", "open", id, "--reason", "Delivered; the buyer says it never came", "--datadir", vendor.DataDirectory]);
        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.Equal("dispute_open", (await Get(vendor, id)).NextAction);
        await WaitForStateAsync(buyer, id, V1.OrderState.Disputed);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => buyer.Orders.ConfirmReceiptAsync(new V1.ConfirmReceiptRequest { OrderId = id }).ResponseAsync);
        await EventuallyAsync(async () => (await arbitrator.Disputes.ListAsync(new V1.ListDisputesRequest())).Disputes.Any(d => d.TradeId == id), "the arbitrator has the case", OrderTimeout);
        await buyer.Disputes.AddEvidenceAsync(new V1.AddEvidenceRequest { TradeId = id, Text = "Nothing in the letterbox." });
        await EventuallyAsync(async () => (await GetDispute(arbitrator, id)).Evidence.Count == 1, "the arbitrator has the buyer's statement", OrderTimeout);
        var quote = await GetDispute(arbitrator, id, feeRate: 2);
        Assert.Equal(V1.DisputeRole.Seller, quote.OpenedBy);
        var sellerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeOneTraderSats;

        var resolve = await TradeNodeProcess.RunAsync(["disputes", "resolve", id, "--buyer", "0", "--seller", sellerSats.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--fee-rate", "2", "--note", "tracking shows delivery", "--datadir", arbitrator.DataDirectory]);
        Assert.True(resolve.ExitCode == 0, resolve.ToString());
        await EventuallyAsync(async () => (await GetDispute(vendor, id)).State == V1.DisputeState.Decided, "the vendor has the decision", OrderTimeout);
        var accept = await TradeNodeProcess.RunAsync(["disputes", "accept", id, "--datadir", vendor.DataDirectory]);
        Assert.True(accept.ExitCode == 0, accept.ToString());
        await ApiTrading.MineAsync(chain, 1);
        await WaitForStateAsync(buyer, id, V1.OrderState.Resolved);
        await WaitForStateAsync(vendor, id, V1.OrderState.Resolved);
        await EventuallyAsync(async () => (await GetDispute(arbitrator, id)).State == V1.DisputeState.Resolved, "the arbitrator sees the payout confirmed", OrderTimeout);

        var after = await SettledBalancesAsync(chain, buyer, vendor, arbitrator);
        var order = await Get(buyer, id);
        var payoutTxid = (await GetDispute(buyer, id)).PayoutTxid;
        Assert.Equal(quote.QuoteMiningFeeOneTraderSats, await ApiChecks.FeeAsync(chain, payoutTxid));
        Assert.Equal(order.AmountSats, quote.EscrowSats);
        Assert.Equal(order.AmountSats / 100, quote.ArbitratorFeeSats);
        Assert.Equal(before.Buyer - order.AmountSats - await ApiChecks.FeeAsync(chain, order.FundingTxid), after.Buyer);
        Assert.Equal(before.Vendor + sellerSats, after.Vendor);
        Assert.Equal(before.Arbitrator + quote.ArbitratorFeeSats, after.Arbitrator);
        Assert.Equal("none", order.NextAction);
    }

    [Fact]
    public async Task An_order_whose_vendor_is_gone_for_good_is_refunded_through_a_buyer_only_dispute_and_the_wallets_match_to_the_satoshi()
    {
        var (chain, arbitrator, vendor, buyer, listingId) = await StartMarketAsync(buyerCoins: 1, buyerArgs: ["--vendor-response-period", "3s"]);
        await ApiTrading.MineAsync(chain, 100); // the arbitrator's coinbases mature: later blocks move no balance
        var before = await SettledBalancesAsync(chain, buyer, vendor, arbitrator);
        await vendor.StopAsync(); // the vendor published its listing and is gone for good

        var placed = (await buyer.Orders.PlaceOrderAsync(Place(listingId, 1))).Order;
        var id = placed.OrderId;
        Assert.Equal(V1.OrderState.Funded, placed.State);
        Assert.Null(placed.DisputePossibleAfter);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition,
            () => buyer.Disputes.OpenAsync(new V1.OpenDisputeRequest { TradeId = id, Reason = "too early" }).ResponseAsync, "first confirmation");
        await ApiTrading.MineAsync(chain, 1);
        await EventuallyAsync(async () => (await Get(buyer, id)).NextAction == "open_dispute", "the response period passes after the funding confirmed", OrderTimeout);
        var waited = await Get(buyer, id);
        Assert.NotNull(waited.DisputePossibleAfter);
        Assert.True(waited.DisputePossibleAfter.ToDateTimeOffset() <= DateTimeOffset.UtcNow);

        var shown = await TradeNodeProcess.RunAsync(["orders", "get", id, "--datadir", buyer.DataDirectory]);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("Dispute possible", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains("open_dispute", shown.Stdout, StringComparison.Ordinal);
        var open = await TradeNodeProcess.RunAsync(["disputes", "open", id, "--reason", "The vendor never answered", "--datadir", buyer.DataDirectory]);
        Assert.True(open.ExitCode == 0, open.ToString());
        Assert.Equal(V1.OrderState.Disputed, (await Get(buyer, id)).State);
        await EventuallyAsync(async () => (await arbitrator.Disputes.ListAsync(new V1.ListDisputesRequest())).Disputes.Any(d => d.TradeId == id), "the arbitrator has the case", OrderTimeout);
        var quote = await GetDispute(arbitrator, id, feeRate: 2);
        Assert.True(quote.BuyerOnly);
        Assert.Equal(V1.DisputeRole.Buyer, quote.OpenedBy);
        var buyerSats = quote.EscrowSats - quote.ArbitratorFeeSats - quote.QuoteMiningFeeOneTraderSats;
        await ApiAssert.InvalidAsync("seller_sats", () => arbitrator.Disputes.ResolveAsync(new V1.ResolveDisputeRequest
        {
            TradeId = id, BuyerSats = buyerSats - 10_000, SellerSats = 10_000, FeeRateSatPerVb = 2, Sign = true,
        }).ResponseAsync);

        var resolve = await TradeNodeProcess.RunAsync(["disputes", "resolve", id, "--buyer", buyerSats.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seller", "0",
            "--fee-rate", "2", "--note", "the vendor is gone", "--datadir", arbitrator.DataDirectory]);
        Assert.True(resolve.ExitCode == 0, resolve.ToString());
        await EventuallyAsync(async () => (await GetDispute(buyer, id)).State == V1.DisputeState.Decided, "the buyer has the decision", OrderTimeout);
        await buyer.Disputes.AcceptAsync(new V1.AcceptDisputeRequest { TradeId = id });
        await ApiTrading.MineAsync(chain, 1);
        await WaitForStateAsync(buyer, id, V1.OrderState.Resolved);
        await EventuallyAsync(async () => (await GetDispute(arbitrator, id)).State == V1.DisputeState.Resolved, "the arbitrator sees the refund confirmed", OrderTimeout);

        var afterBuyer = await SettledBalanceAsync(chain, buyer);
        var afterArbitrator = await SettledBalanceAsync(chain, arbitrator);
        var order = await Get(buyer, id);
        var payoutTxid = (await GetDispute(buyer, id)).PayoutTxid;
        var payoutFee = await ApiChecks.FeeAsync(chain, payoutTxid);
        Assert.Equal(quote.QuoteMiningFeeOneTraderSats, payoutFee);
        Assert.Equal(order.AmountSats, quote.EscrowSats);
        Assert.Equal(before.Buyer - await ApiChecks.FeeAsync(chain, order.FundingTxid) - quote.ArbitratorFeeSats - payoutFee, afterBuyer);
        Assert.Equal(before.Arbitrator + quote.ArbitratorFeeSats, afterArbitrator);
        Assert.Equal("none", order.NextAction);
        Assert.True(order.IsClosed);
    }

    private static async Task<V1.Dispute> GetDispute(ApiNodeProcess node, string id, int feeRate = 0) =>
        await node.Disputes.GetAsync(new V1.GetDisputeRequest { TradeId = id, FeeRateSatPerVb = feeRate });

    /// <summary>The three wallets' confirmed balances once each has scanned to the tip with nothing unconfirmed or reserved.</summary>
    private static async Task<(long Buyer, long Vendor, long Arbitrator)> SettledBalancesAsync(ChainProcess chain, ApiNodeProcess buyer, ApiNodeProcess vendor, ApiNodeProcess arbitrator) =>
        (await SettledBalanceAsync(chain, buyer), await SettledBalanceAsync(chain, vendor), await SettledBalanceAsync(chain, arbitrator));

    /// <summary>The wallet's confirmed balance once it has scanned to the tip with nothing unconfirmed or reserved.</summary>
    private static async Task<long> SettledBalanceAsync(ChainProcess chain, ApiNodeProcess node)
    {
        var tip = (await chain.Client.GetTipAsync()).Height;
        long balance = 0;
        await EventuallyAsync(
            async () =>
            {
                var status = await node.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
                balance = status.Balance.ConfirmedSats;
                return status.ScannedHeight >= tip && status.Balance.UnconfirmedSats == 0 && status.Balance.ReservedSats == 0;
            },
            "the wallet has scanned to the tip with nothing unconfirmed or reserved",
            OrderTimeout);
        return balance;
    }

    private static V1.PlaceOrderRequest Place(string listingId, int quantity) =>
        new() { ListingId = listingId, Quantity = quantity, ShippingOption = "Post", ShippingAddress = Address, Note = "thanks" };

    private static string[] VendorArgs(ChainProcess chain, ApiNodeProcess arbitrator) =>
        ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain), "--seed-peer", arbitrator.P2PAddress];

    /// <summary>Chain, arbitrator (registered, with the mining wallet), a vendor with one listing, a buyer with <paramref name="buyerCoins"/> confirmed coins of 1 BTC.</summary>
    private async Task<(ChainProcess Chain, ApiNodeProcess Arbitrator, ApiNodeProcess Vendor, ApiNodeProcess Buyer, string ListingId)> StartMarketAsync(int buyerCoins,
        V1.Price? unitPrice = null, V1.Price? shipping = null, string[]? buyerArgs = null)
    {
        var chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain)];
        var arbitrator = await StartNodeAsync("arbitrator", common);
        var vendor = await StartNodeAsync("vendor", VendorArgs(chain, arbitrator));
        var buyer = await StartNodeAsync("buyer", [.. common, "--seed-peer", arbitrator.P2PAddress, .. buyerArgs ?? []]);
        foreach (var node in new[] { arbitrator, vendor, buyer })
        {
            await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        }

        await arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest());
        for (var i = 0; i < buyerCoins; i++)
        {
            var address = (await buyer.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
            await arbitrator.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = Coin, FeeRateSatPerVb = 2 });
        }

        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        var listing = (await vendor.Listings.CreateAsync(new V1.CreateListingRequest
        {
            Content = new V1.ListingContent
            {
                Title = "Walnut chopping board",
                Description = "Hand-made from one piece of walnut, oiled.",
                Condition = V1.ItemCondition.New,
                Price = unitPrice ?? new V1.Price { Sats = UnitPrice },
                Quantity = 3,
                ShippingOptions = { new V1.ShippingOption { Name = "Post", Regions = { "WORLD" }, Price = shipping ?? new V1.Price { Sats = Shipping } } },
                ArbitratorNodeIds = { arbitrator.NodeId },
            },
        })).Listing;
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats == buyerCoins * Coin, "the buyer sees its coins confirmed", OrderTimeout);
        await EventuallyAsync(
            async () => await ApiChecks.KnowsArbitratorAsync(buyer, arbitrator.NodeId) && await ApiChecks.KnowsArbitratorAsync(vendor, arbitrator.NodeId) && await KnowsListingAsync(buyer, listing.ListingId),
            "the buyer learns the arbitrator and the listing",
            OrderTimeout);
        return (chain, arbitrator, vendor, buyer, listing.ListingId);
    }

    private static async Task<V1.Order> Get(ApiNodeProcess node, string id) => await node.Orders.GetAsync(new V1.GetOrderRequest { OrderId = id });

    private static async Task<bool> KnowsListingAsync(ApiNodeProcess node, string listingId)
    {
        try
        {
            await node.Listings.GetAsync(new V1.GetListingRequest { ListingId = listingId });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Waits until the node knows the order and it is in one of <paramref name="states"/>; fails at once if it closes otherwise.</summary>
    private static Task WaitForStateAsync(ApiNodeProcess node, string id, params V1.OrderState[] states) =>
        EventuallyAsync(
            async () =>
            {
                V1.Order order;
                try
                {
                    order = await Get(node, id);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return false; // The vendor learns the order when its message arrives.
                }

                Assert.False(order.IsClosed && !states.Contains(order.State), $"The order closed as {order.State}: {order.LastError}");
                return states.Contains(order.State);
            },
            $"the order reaches {string.Join(" or ", states)}",
            OrderTimeout);
}
