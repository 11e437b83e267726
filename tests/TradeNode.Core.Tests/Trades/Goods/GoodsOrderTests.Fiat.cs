using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>
/// Orders on a listing priced in euros (19.99 EUR a unit, 4.50 EUR shipping; two units = 44.48 EUR), paid in
/// satoshis at a rate in EUR per bitcoin: sats = ceil(44.48 x 100,000,000 / rate).
/// </summary>
public sealed partial class GoodsOrderTests
{
    private const decimal FiatUnit = 19.99m;
    private const decimal FiatShipping = 4.50m;
    private const decimal FiatTotal = 44.48m;

    [Fact]
    public async Task A_fiat_priced_order_at_the_buyers_rate_records_the_conversion_in_the_contract_and_completes_to_the_satoshiAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var listing = await ListInEurosAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync());

        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty, rate: "61234.50");
        const long Sats = 72_639; // ceil(44.48e8 / 61234.5) = ceil(72638.55...)
        Assert.Equal(Sats, placed.AmountSats);
        Assert.Equal(new FiatAmount("EUR", FiatTotal), placed.FiatTotal);
        Assert.Equal(61_234.5m, placed.Rate);
        var contract = placed.ParsedContract();
        Assert.Equal(("61234.5", "44.48", "EUR", Sats, 0L), (contract.Price, contract.FiatAmount, contract.Currency, contract.AmountSats, contract.ShippingSats));
        Assert.Equal(Sats, _chain.GetTransaction(UInt256.Parse(placed.FundingTxid))!.Transaction.Outputs[(int)placed.FundingIndex].Value.Satoshi);

        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        var received = vendor.Orders.Get(placed.Id);
        Assert.Equal((new FiatAmount("EUR", FiatTotal), (decimal?)61_234.5m, Sats), (received.FiatTotal, received.Rate, received.AmountSats));
        Assert.Equal("accept_or_decline", OrderService.NextAction(received));
        await vendor.Orders.AcceptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Accepted, "the buyer sees the acceptance", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.FundingConfirmedAt is not null, "the vendor sees the funding confirmed", StepDeadline);
        await vendor.Orders.MarkFulfilledAsync(placed.Id, "tracking RR1");
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Fulfilled, "the buyer sees the fulfilment", StepDeadline);
        await buyer.Orders.ConfirmReceiptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.PayoutPublished, "the vendor publishes the payout", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Completed && Find(vendor, placed.Id)?.State == OrderState.Completed, "both complete", StepDeadline);

        var order = buyer.Orders.Get(placed.Id);
        Assert.Empty(TradeContracts.CheckSigned(vendor.Orders.Get(placed.Id).SignedContract, Network.RegTest));
        Assert.Equal(before.Buyer - Sats - Fee(order.FundingTxid), await buyer.TotalAsync());
        Assert.Equal(before.Vendor + Sats - Fee(order.PayoutTxid), await vendor.TotalAsync());
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
    }

    [Fact]
    public async Task The_buyer_refuses_bad_rates_and_a_fiat_order_without_a_rate_or_reference_price_and_then_uses_the_reference_priceAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var euros = await ListInEurosAsync(vendor, buyer);
        var sats = await ListAsync(vendor, buyer);
        var balance = buyer.Wallet.GetBalance();

        foreach (var bad in new[] { "0", "-61234.5", "abc", "6e4", "1.123456789" })
        {
            var error = await Assert.ThrowsAsync<InvalidInputException>(() => buyer.Orders.PlaceOrderAsync(euros.Id, 1, "Post", "12 Main St", string.Empty, rate: bad));
            Assert.Equal("rate", error.Field);
        }

        var forSats = await Assert.ThrowsAsync<InvalidInputException>(() => buyer.Orders.PlaceOrderAsync(sats.Id, 1, "Post", "12 Main St", string.Empty, rate: "60000"));
        Assert.Equal("rate", forSats.Field);
        var noPrice = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Orders.PlaceOrderAsync(euros.Id, 1, "Post", "12 Main St", string.Empty));
        Assert.Contains("no live EUR offers", noPrice.Message, StringComparison.Ordinal);
        Assert.Contains("give the rate", noPrice.Message, StringComparison.Ordinal);
        Assert.Empty(buyer.Orders.List());
        Assert.Equal(balance, buyer.Wallet.GetBalance());

        // The vendor's two EUR offers reach the buyer's book: its reference price is their median, the default rate.
        // An offer reserves whole coins: the vendor splits its one coin first.
        await vendor.Wallet.SendAsync(vendor.Wallet.NewAddress(), 100_000_000);
        _chain.Generate(1, Stranger());
        await vendor.Wallet.SyncAsync();
        await vendor.Offers.CreateAsync(Drafts.Offer(OfferDirection.Buy, price: 59_000m));
        await vendor.Offers.CreateAsync(Drafts.Offer(OfferDirection.Buy, price: 61_000m));
        await Poll.UntilAsync(() => buyer.Offers.GetReferencePrice("EUR")?.OfferCount == 2, "the buyer's book has both offers", StepDeadline);
        var placed = await buyer.Orders.PlaceOrderAsync(euros.Id, Quantity, "Post", "12 Main St", string.Empty);
        Assert.Equal(60_000m, placed.Rate);
        Assert.Equal(74_134, placed.AmountSats); // ceil(44.48e8 / 60000) = ceil(74133.33...)
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor keeps the order at its own reference price", StepDeadline);
    }

    [Fact]
    public async Task The_vendor_refuses_a_fiat_order_whose_satoshis_do_not_match_its_rateAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync(startBuyerLoop: false);
        var listing = await ListInEurosAsync(vendor, buyer);
        var orderId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var contract = ContractFor(buyer, vendor, listing, orderId);
        contract.ShippingSats = 0;
        contract.Price = "60000";
        contract.FiatAmount = "44.48";
        contract.Currency = "EUR";
        contract.AmountSats = 74_133; // one satoshi short of ceil(44.48e8 / 60000)

        var escrow = TradeContracts.ToEscrow(contract, Network.RegTest);
        var request = new OrderRequest { Contract = contract.ToByteString(), BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(buyer.Node.Identity, contract.ToByteArray())) };
        var sent = await buyer.Wallet.SendAsync(escrow.Address, escrow.AmountSats);
        request.FundingTxid = ByteString.CopyFrom(sent.Txid.ToBytes());
        request.FundingIndex = (uint)sent.Transaction.Outputs.FindIndex(o => o.ScriptPubKey == escrow.ScriptPubKey);
        await buyer.Node.Mailbox.SendAsync(vendor.Node.Identity.PublicKey, MailRouter.Wrap(OrderService.MailTopic, new OrderMessage { OrderId = orderId, OrderRequest = request }.ToByteArray()));

        using var timeout = new CancellationTokenSource(StepDeadline);
        var reply = Unwrap((await buyer.Node.Mailbox.Received.ReadAsync(timeout.Token)).Payload);
        Assert.Equal(OrderMessage.BodyOneofCase.OrderRefused, reply.BodyCase);
        Assert.Contains("amount of 74133 sats is not ceil(44.48 EUR x 100,000,000 / 60000) = 74134 sats", reply.OrderRefused.Reason, StringComparison.Ordinal);
        var refused = vendor.Orders.Get(orderId);
        Assert.Equal(OrderState.RefundSigned, refused.State);
        Assert.True(refused.RefusedWithRefund);
        Assert.Empty(refused.VendorSignature);
    }

    [Fact]
    public async Task The_vendor_declines_by_itself_a_rate_paying_more_than_five_percent_below_its_reference_price_and_keeps_one_withinAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var listing = await ListInEurosAsync(vendor, buyer);
        await vendor.Wallet.SyncAsync();
        await vendor.Offers.CreateAsync(Drafts.Offer(OfferDirection.Buy, price: 60_000m));
        Assert.Equal(60_000m, vendor.Offers.GetReferencePrice("EUR")?.Price);
        var before = await buyer.TotalAsync();

        // At 60000 the vendor gets 74134 sats; at 63200 it would get 70380 (5.06% less), at 63000 70604 (4.76% less).
        var low = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty, rate: "63200");
        var within = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty, rate: "63000");
        Assert.Equal((70_380L, 70_604L), (low.AmountSats, within.AmountSats));
        await Poll.UntilAsync(() => Find(buyer, low.Id)?.State == OrderState.RefundPublished, "the buyer co-signs and publishes the vendor's refund", StepDeadline);
        await Poll.UntilAsync(() => Find(vendor, within.Id)?.State == OrderState.Funded, "the vendor keeps the order within 5%", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, low.Id)?.State == OrderState.Declined && Find(vendor, low.Id)?.State == OrderState.Declined, "both see it declined", StepDeadline);

        var declined = buyer.Orders.Get(low.Id);
        Assert.Contains("rate of 63200 EUR/BTC pays 70380 sats", declined.RefundReason, StringComparison.Ordinal);
        Assert.Contains("reference price of 60000 EUR/BTC (median of 1 offers) that is 74134 sats", declined.RefundReason, StringComparison.Ordinal);
        Assert.Equal(declined.RefundReason, vendor.Orders.Get(low.Id).RefundReason);
        Assert.Equal("accept_or_decline", OrderService.NextAction(vendor.Orders.Get(within.Id)));
        var open = buyer.Orders.Get(within.Id);
        Assert.Equal(before - Fee(declined.FundingTxid) - Fee(declined.RefundTxid) - within.AmountSats - Fee(open.FundingTxid), await buyer.TotalAsync());
    }

    [Fact]
    public async Task A_fiat_order_whose_funding_arrives_late_is_checked_against_the_reference_price_once_it_showsAsync()
    {
        var (buyer, vendor, network) = await StartLaggingPartiesAsync(TimeSpan.FromHours(1));
        await vendor.Wallet.FundAsync();
        await vendor.Wallet.SyncAsync();
        await vendor.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, price: 60_000m));
        var listing = await ListInEurosAsync(vendor, buyer);

        network.Withhold = true;
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty, rate: "63200");
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.AwaitingFunding, "the vendor keeps the order waiting for its funding", StepDeadline);
        await network.ReleaseAsync();
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.RefundPublished, "the vendor declines once funded; the buyer publishes the refund", StepDeadline);

        var declined = vendor.Orders.Get(placed.Id);
        Assert.True(declined.Declined);
        Assert.Contains("rate of 63200 EUR/BTC pays 70380 sats", declined.RefundReason, StringComparison.Ordinal);
        Assert.Equal(declined.RefundReason, buyer.Orders.Get(placed.Id).RefundReason);
    }

    private async Task<Listing> ListInEurosAsync(TradeParty vendor, TradeParty buyer)
    {
        var listing = await vendor.Listings.CreateAsync(new ListingDraft
        {
            Title = "Linen tea towel",
            Description = "Natural linen, 50 x 70 cm.",
            Price = ListingPrice.InFiat("EUR", FiatUnit),
            Quantity = 5,
            Shipping = [new ShippingOption("Post", ["WORLD"], ListingPrice.InFiat("EUR", FiatShipping))],
            Arbitrators = [_arbitrator.Node.Identity.Id.ToString()],
            EscrowXpub = vendor.Wallet.EscrowAccountKey.ToString(Network.RegTest),
        });
        await Poll.UntilAsync(() => buyer.Listings.Book.Get(listing.Id) is not null, "the buyer's book has the listing", StepDeadline);
        return buyer.Listings.Get(listing.Id);
    }
}
