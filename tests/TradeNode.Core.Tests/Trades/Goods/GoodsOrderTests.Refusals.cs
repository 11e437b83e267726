using TradeNode.Bitcoin;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Goods;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>Orders the vendor refuses after the buyer funded the escrow: refunded when the vendor can sign, waiting for a dispute when not.</summary>
public sealed partial class GoodsOrderTests
{
    [Fact]
    public async Task A_refused_order_whose_escrow_the_vendor_can_sign_is_refunded_to_the_buyer_minus_the_two_feesAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync(startVendorLoop: false);
        var listing = await ListAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync());
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);

        // The arbitrator changes its published key after the order was placed: the vendor's check of the contract's
        // arbitrator key fails, but the vendor's own key is in the funded escrow.
        var changedXpub = buyer.Wallet.EscrowAccountKey.ToString(Network.RegTest);
        await _arbitrator.Arbitrators.RegisterAsync(new ArbitratorDraft { Name = "Arbiter", FeeBps = 50, Languages = ["en"], EscrowXpub = changedXpub });
        await Poll.UntilAsync(() => vendor.Arbitrators.Get(_arbitrator.Node.Identity.Id).EscrowXpub == changedXpub, "the vendor learns the new profile", StepDeadline);
        vendor.StartTrading();
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.RefundPublished, "the buyer co-signs and publishes the refund", StepDeadline);
        var published = buyer.Orders.Get(placed.Id);
        Assert.Equal("wait_for_refund_confirmation", OrderService.NextAction(published));
        Assert.False(published.IsClosed);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Refused && Find(vendor, placed.Id)?.State == OrderState.Refused, "both see it refused", StepDeadline);

        var order = buyer.Orders.Get(placed.Id);
        var onVendor = vendor.Orders.Get(placed.Id);
        Assert.True(order.IsClosed);
        Assert.True(order.RefusedWithRefund);
        Assert.Contains("arbitrator key is not from the arbitrator's published profile", order.LastError, StringComparison.Ordinal);
        Assert.Equal(order.LastError, order.RefundReason);
        Assert.Equal(order.RefundTxid, onVendor.RefundTxid);
        Assert.Empty(order.PayoutTxid);
        Assert.Empty(onVendor.VendorSignature);
        Assert.Equal("none", OrderService.NextAction(order));
        Assert.Equal(before.Buyer - Fee(order.FundingTxid) - Fee(order.RefundTxid), await buyer.TotalAsync());
        Assert.Equal(before.Vendor, await vendor.TotalAsync());
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
    }

    [Fact]
    public async Task A_refused_order_whose_escrow_the_vendor_cannot_sign_stays_open_on_the_buyer_side_needing_a_disputeAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();

        // The listing publishes an escrow key that is not the vendor wallet's: the escrow the buyer funds does not hold the vendor's key.
        var created = await vendor.Listings.CreateAsync(new ListingDraft
        {
            Title = "Hand-made teapot",
            Description = "Stoneware, 1 litre.",
            Price = ListingPrice.InSats(UnitPrice),
            Quantity = 5,
            Shipping = [new ShippingOption("Post", ["WORLD"], ListingPrice.InSats(ShippingPrice))],
            Arbitrators = [_arbitrator.Node.Identity.Id.ToString()],
            EscrowXpub = Bitcoin.Bip32.ExtKey.CreateFromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Neuter().ToString(Network.RegTest),
        });
        await Poll.UntilAsync(() => buyer.Listings.Book.Get(created.Id) is not null, "the buyer's book has the listing", StepDeadline);
        var before = await buyer.TotalAsync();
        var placed = await buyer.Orders.PlaceOrderAsync(created.Id, Quantity, "Post", "12 Main St", string.Empty);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.EscrowNeedsDispute, "the buyer learns the refusal", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.FundingConfirmedAt is not null, "the buyer still watches the funded escrow", StepDeadline);

        var order = buyer.Orders.Get(placed.Id);
        var onVendor = vendor.Orders.Get(placed.Id);
        Assert.False(order.IsClosed);
        Assert.Contains(buyer.Orders.List(open: true), o => o.Id == placed.Id);
        Assert.Equal("open_dispute", OrderService.NextAction(order));
        Assert.Contains("vendor extended public key is not this node's", order.LastError, StringComparison.Ordinal);
        Assert.Contains("needs a dispute", order.LastError, StringComparison.Ordinal);
        Assert.Empty(order.RefundTxid);
        Assert.False(order.RefusedWithRefund);
        Assert.NotNull(new OrderChatParticipants(buyer.Orders).Find(placed.Id));
        Assert.Equal(OrderState.Refused, onVendor.State);
        Assert.Empty(onVendor.RefundPsbt);
        Assert.Equal(before - Amount - Fee(order.FundingTxid), await buyer.TotalAsync());
    }
}
