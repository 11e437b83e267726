using LiteDB;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Goods;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>The order state machine alone: guarded transitions on both paths, and a LiteDB round trip that keeps every field.</summary>
public sealed class GoodsOrderStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly OrderTerms Terms = new("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "Tea", 3, "Post", 10_000, 2_000);

    [Fact]
    public void Terms_are_unit_price_times_quantity_plus_shipping()
    {
        Assert.Equal(32_000, Terms.AmountSats);
    }

    [Fact]
    public void The_happy_path_runs_in_order_to_completed()
    {
        var order = Placed();

        order.MarkFunded(Now);
        order.Accept([1], [2], Now);
        order.ConfirmFunding(Now);
        order.Fulfil("tracking 42", Now);
        order.SignPayout([3], "bb", Now);
        order.PublishPayout([4], Now);
        Assert.False(order.IsClosed);
        order.SettlePayout(Now);

        Assert.Equal(OrderState.Completed, order.State);
        Assert.True(order.IsClosed);
        Assert.Equal("tracking 42", order.TrackingNote);
        Assert.Equal("order:" + order.Id, order.ReservationId);
    }

    [Fact]
    public void Illegal_moves_throw_and_leave_the_state_alone()
    {
        var order = Placed();

        Assert.Throws<PreconditionFailedException>(() => order.Accept([1], [2], Now));
        order.MarkFunded(Now);
        Assert.Throws<PreconditionFailedException>(() => order.MarkFunded(Now));
        Assert.Throws<PreconditionFailedException>(() => order.Fulfil("x", Now));
        Assert.Throws<PreconditionFailedException>(() => order.SignPayout([1], "bb", Now));
        Assert.Throws<PreconditionFailedException>(() => order.SignRefund([1], "cc", declined: false, "r", Now));
        Assert.Throws<PreconditionFailedException>(() => order.SettlePayout(Now));
        Assert.Throws<PreconditionFailedException>(() => order.SettleRefund(Now));
        Assert.Equal(OrderState.Funded, order.State);

        order.Accept([1], [2], Now);
        Assert.Throws<PreconditionFailedException>(() => order.SignRefund([1], "cc", declined: true, "too late to decline", Now));
        Assert.Equal(OrderState.Accepted, order.State);
    }

    [Fact]
    public void A_decline_ends_declined_and_a_refund_after_accepting_ends_refunded()
    {
        var declined = Placed();
        declined.MarkFunded(Now);
        declined.SignRefund([1], "cc", declined: true, "out of stock", Now);
        declined.PublishRefund([2], Now);
        declined.SettleRefund(Now);

        var refunded = Placed();
        refunded.MarkFunded(Now);
        refunded.Accept([1], [2], Now);
        refunded.SignRefund([1], "dd", declined: false, "broken in the workshop", Now);
        refunded.SettleRefund(Now);

        Assert.Equal(OrderState.Declined, declined.State);
        Assert.Equal("out of stock", declined.RefundReason);
        Assert.Equal(OrderState.Refunded, refunded.State);
        Assert.Throws<PreconditionFailedException>(() => refunded.SettleRefund(Now));
    }

    [Fact]
    public void A_failure_before_the_funding_left_ends_the_order_and_afterwards_only_records_the_reason()
    {
        var unfunded = Placed();
        var funded = Placed();
        funded.MarkFunded(Now);

        unfunded.Fail("refused by the network", Now);
        funded.Fail("a bad refund", Now);

        Assert.Equal(OrderState.Failed, unfunded.State);
        Assert.Equal(OrderState.Funded, funded.State);
        Assert.Equal("a bad refund", funded.LastError);
    }

    [Fact]
    public void A_dispute_opens_after_the_vendor_accepted_or_buyer_only_before_blocks_the_normal_steps_and_resolves_closed()
    {
        var order = Placed();
        Assert.Throws<PreconditionFailedException>(() => order.OpenDispute(Now));
        order.MarkFunded(Now);
        Assert.False(order.CanBeDisputed);

        // Funded, the vendor silent: only a buyer-only dispute fits, from the response period after the funding confirmed.
        var period = TimeSpan.FromHours(1);
        Assert.True(order.CanBeDisputedByBuyerOnly);
        Assert.Null(order.BuyerOnlyDisputeFrom(period));
        order.ConfirmFunding(Now);
        Assert.Equal(Now + period, order.BuyerOnlyDisputeFrom(period));
        Assert.Equal("wait_for_vendor", OrderService.NextAction(order, order.BuyerOnlyDisputeFrom(period), Now));
        Assert.Equal("open_dispute", OrderService.NextAction(order, order.BuyerOnlyDisputeFrom(period), Now + period));
        var refused = Placed();
        refused.MarkFunded(Now);
        refused.AwaitDispute("refused, nothing signed", Now.AddMinutes(5));
        Assert.Equal(Now, refused.BuyerOnlyDisputeFrom(period)); // at once, whatever the period: the vendor answered with a refusal
        refused.OpenDispute(Now.AddMinutes(6));
        Assert.Equal(OrderState.Disputed, refused.State);

        order.Accept([1], [2], Now);
        Assert.False(order.CanBeDisputedByBuyerOnly);
        Assert.Null(order.BuyerOnlyDisputeFrom(period));
        Assert.True(order.CanBeDisputed);

        order.OpenDispute(Now);
        Assert.Equal(OrderState.Disputed, order.State);
        Assert.Equal("dispute_open", OrderService.NextAction(order));
        Assert.Throws<PreconditionFailedException>(() => order.Fulfil("late", Now));
        Assert.Throws<PreconditionFailedException>(() => order.SignRefund([1], "cc", declined: false, "r", Now));
        Assert.Throws<PreconditionFailedException>(() => order.OpenDispute(Now));
        Assert.False(order.IsClosed);
        order.ResolveDispute("ee", Now);

        Assert.Equal(OrderState.Resolved, order.State);
        Assert.True(order.IsClosed);
        Assert.Equal("ee", order.DisputePayoutTxid);
        Assert.Throws<PreconditionFailedException>(() => order.ResolveDispute("ff", Now));
        using var database = new LiteDatabase(new MemoryStream());
        var collection = database.GetCollection("orders");
        collection.Upsert(order.ToBson());
        Assert.Equal("ee", GoodsOrder.FromBson(collection.FindById(order.Id)).DisputePayoutTxid);
    }

    [Fact]
    public void A_published_payout_or_refund_cannot_be_disputed()
    {
        var paid = Placed();
        paid.MarkFunded(Now);
        paid.Accept([1], [2], Now);
        paid.ConfirmFunding(Now);
        paid.Fulfil("t", Now);
        paid.SignPayout([3], "bb", Now);
        Assert.True(paid.CanBeDisputed);
        paid.PublishPayout([4], Now);

        Assert.False(paid.CanBeDisputed);
        Assert.Throws<PreconditionFailedException>(() => paid.OpenDispute(Now));
        Assert.Equal(OrderState.PayoutPublished, paid.State);
    }

    [Fact]
    public void A_persisted_order_reads_back_with_every_field()
    {
        var order = Placed();
        order.MarkFunded(Now);
        order.Accept([1, 2], [3, 4], Now);
        order.ConfirmFunding(Now.AddMinutes(1));
        order.RecordOutgoing([9], Now);
        using var database = new LiteDatabase(new MemoryStream());
        var collection = database.GetCollection("orders");

        collection.Upsert(order.ToBson());
        var read = GoodsOrder.FromBson(collection.FindById(order.Id));

        Assert.Equal(order.ToBson().ToString(), read.ToBson().ToString());
        Assert.Equal(OrderState.Accepted, read.State);
        Assert.Equal(order.FundingOutpoint, read.FundingOutpoint);
        Assert.Equal(Now.AddMinutes(1), read.FundingConfirmedAt);
        Assert.Equal("12 Main St", read.ShippingAddress);
    }

    private static GoodsOrder Placed()
    {
        var funding = new Transaction { Version = 2 };
        funding.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 1)));
        funding.Outputs.Add(new TxOut(Money.Satoshis(Terms.AmountSats), new Script(new byte[34])));
        return GoodsOrder.StartFunding(Terms, new byte[32], [7], [8], funding, 0, "12 Main St", "thanks", Now);
    }
}
