using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Goods;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>An order that reaches the vendor before its funding does: kept pending and re-checked, not refused at once.</summary>
public sealed partial class GoodsOrderTests
{
    [Fact]
    public async Task An_order_that_arrives_before_its_funding_waits_persisted_and_becomes_funded_once_the_funding_showsAsync()
    {
        var (buyer, vendor, network) = await StartLaggingPartiesAsync(TimeSpan.FromHours(1));
        var listing = await ListAsync(vendor, buyer);

        network.Withhold = true;
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.AwaitingFunding, "the vendor keeps the order waiting for its funding", StepDeadline);
        var waiting = vendor.Orders.Get(placed.Id);
        var early = await Assert.ThrowsAsync<PreconditionFailedException>(() => vendor.Orders.AcceptAsync(placed.Id));
        var stillWaiting = await StillWaitingAfterPollsAsync(vendor, placed.Id);

        await network.ReleaseAsync();
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor sees the funding and the order is funded", StepDeadline);
        await vendor.Orders.AcceptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Accepted, "the buyer sees the acceptance", StepDeadline);

        Assert.Equal(0, network.HeldCount);
        Assert.Equal("wait_for_funding", OrderService.NextAction(waiting));
        Assert.False(waiting.IsClosed);
        Assert.Equal("12 Main St", waiting.ShippingAddress);
        Assert.Equal(placed.FundingTxid, waiting.FundingTxid);
        Assert.Empty(waiting.LastError);
        Assert.Contains("AwaitingFunding", early.Message, StringComparison.Ordinal);
        Assert.True(stillWaiting);
        Assert.Contains(UInt256.Parse(placed.FundingTxid), _chain.GetMempoolTxids());
    }

    [Fact]
    public async Task An_order_whose_funding_never_shows_is_refused_after_the_wait_limit_with_the_reasonAsync()
    {
        var (buyer, vendor, network) = await StartLaggingPartiesAsync(TimeSpan.FromSeconds(2));
        var listing = await ListAsync(vendor, buyer);

        network.Withhold = true;
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);
        await Poll.UntilAsync(() => Find(vendor, placed.Id) is not null, "the vendor reads the order", StepDeadline);
        var first = vendor.Orders.Get(placed.Id);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.EscrowNeedsDispute, "the vendor refuses once the wait is over and the buyer learns it", StepDeadline);

        var refused = vendor.Orders.Get(placed.Id);
        var order = buyer.Orders.Get(placed.Id);
        Assert.Equal(OrderState.AwaitingFunding, first.State);
        Assert.Equal(OrderState.Refused, refused.State);
        Assert.Contains("is not an unspent output on chain", refused.LastError, StringComparison.Ordinal);
        Assert.Contains("Waited 00:00:02", refused.LastError, StringComparison.Ordinal);
        Assert.True(refused.Updated - refused.Created >= TimeSpan.FromSeconds(2));
        Assert.Empty(refused.RefundPsbt);
        Assert.Contains(refused.LastError, order.LastError, StringComparison.Ordinal);
        Assert.Equal("open_dispute", OrderService.NextAction(order));
        Assert.Equal(1, network.HeldCount);
    }

    /// <summary>True when the order is still waiting after the vendor's chain poll ran three more times (each pass is awaited).</summary>
    private static async Task<bool> StillWaitingAfterPollsAsync(TradeParty vendor, string orderId)
    {
        for (var i = 0; i < 3; i++)
        {
            await vendor.Orders.PollChainAsync();
        }

        return vendor.Orders.Get(orderId).State == OrderState.AwaitingFunding;
    }

    /// <summary>A vendor waiting <paramref name="fundingWait"/> for funding, and a buyer whose broadcasts go through a network that can hold them back.</summary>
    private async Task<(TradeParty Buyer, TradeParty Vendor, WithholdingChainClient Network)> StartLaggingPartiesAsync(TimeSpan fundingWait)
    {
        var options = new OrderOptions { PollInterval = TimeSpan.FromMilliseconds(100), FundingWaitLimit = fundingWait };
        var vendor = await TradeParty.StartAsync(Path.Combine(_root, "vendor"), _client, options, _arbitrator.Node.ListenAddress);
        _parties.Add(vendor);
        var network = new WithholdingChainClient(_client) { Withhold = false };
        var buyer = await TradeParty.StartAsync(Path.Combine(_root, "buyer"), network, _arbitrator.Node.ListenAddress, vendor.Node.ListenAddress);
        _parties.Add(buyer);
        await buyer.Wallet.FundAsync();
        await buyer.Wallet.SyncAsync();
        vendor.StartTrading();
        buyer.StartTrading();
        var arbitrator = _arbitrator.Node.Identity.Id;
        await Poll.UntilAsync(() => vendor.Arbitrators.IsKnown(arbitrator) && buyer.Arbitrators.IsKnown(arbitrator), "the parties know the arbitrator", StepDeadline);
        return (buyer, vendor, network);
    }
}
