using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>The actions the order view offers for each role and state: exactly those the Orders and Disputes APIs accept.</summary>
public sealed class OrderActionsTests
{
    [Theory]
    [InlineData(OrderRole.Vendor, OrderState.Funding, false, "")]
    [InlineData(OrderRole.Vendor, OrderState.Funded, false, "Accept,Decline")]
    [InlineData(OrderRole.Vendor, OrderState.Accepted, false, "Refund,OpenDispute")]
    [InlineData(OrderRole.Vendor, OrderState.Accepted, true, "MarkFulfilled,Refund,OpenDispute")]
    [InlineData(OrderRole.Vendor, OrderState.Fulfilled, true, "Refund,OpenDispute")]
    [InlineData(OrderRole.Vendor, OrderState.PayoutSigned, true, "OpenDispute")]
    [InlineData(OrderRole.Vendor, OrderState.RefundSigned, true, "OpenDispute")]
    [InlineData(OrderRole.Vendor, OrderState.PayoutPublished, true, "")]
    [InlineData(OrderRole.Vendor, OrderState.AwaitingFunding, false, "")]
    [InlineData(OrderRole.Buyer, OrderState.Funding, false, "")]
    [InlineData(OrderRole.Buyer, OrderState.Funded, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.Accepted, true, "OpenDispute")]
    [InlineData(OrderRole.Buyer, OrderState.Fulfilled, true, "ConfirmReceipt,OpenDispute")]
    [InlineData(OrderRole.Buyer, OrderState.PayoutSigned, true, "OpenDispute")]
    [InlineData(OrderRole.Buyer, OrderState.RefundSigned, true, "OpenDispute")]
    [InlineData(OrderRole.Buyer, OrderState.PayoutPublished, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.RefundPublished, true, "")]
    public void Each_state_offers_the_actions_the_node_accepts_for_that_role(OrderRole role, OrderState state, bool fundingConfirmed, string expected)
    {
        var order = new Order { OrderId = "o", Role = role, State = state, FundingConfirmed = fundingConfirmed };

        Assert.Equal(expected, string.Join(",", OrderActions.For(order)));
    }

    [Theory]
    [InlineData(OrderState.Completed)]
    [InlineData(OrderState.Refunded)]
    [InlineData(OrderState.Declined)]
    [InlineData(OrderState.Refused)]
    [InlineData(OrderState.Failed)]
    [InlineData(OrderState.Resolved)]
    public void A_closed_order_offers_nothing(OrderState state)
    {
        foreach (var role in new[] { OrderRole.Buyer, OrderRole.Vendor })
        {
            Assert.Empty(OrderActions.For(new Order { OrderId = "o", Role = role, State = state, IsClosed = true, FundingConfirmed = true }));
        }
    }

    [Fact]
    public void Decline_refund_and_fulfil_ask_for_a_line_of_text_the_others_do_not()
    {
        Assert.True(OrderActions.NeedsText(OrderAction.Decline));
        Assert.True(OrderActions.NeedsText(OrderAction.Refund));
        Assert.True(OrderActions.NeedsText(OrderAction.MarkFulfilled));
        Assert.True(OrderActions.NeedsText(OrderAction.OpenDispute));
        Assert.True(OrderActions.NeedsText(OrderAction.AddEvidence));
        Assert.False(OrderActions.NeedsText(OrderAction.Accept));
        Assert.False(OrderActions.NeedsText(OrderAction.ConfirmReceipt));
        Assert.False(OrderActions.NeedsText(OrderAction.AcceptDecision));
    }

    [Theory]
    [InlineData(OrderRole.Buyer, DisputeState.Unspecified, "")]
    [InlineData(OrderRole.Buyer, DisputeState.Open, "AddEvidence")]
    [InlineData(OrderRole.Vendor, DisputeState.Open, "AddEvidence")]
    [InlineData(OrderRole.Buyer, DisputeState.AwaitingSignature, "")]
    [InlineData(OrderRole.Buyer, DisputeState.Decided, "AcceptDecision")]
    [InlineData(OrderRole.Vendor, DisputeState.Decided, "AcceptDecision")]
    [InlineData(OrderRole.Vendor, DisputeState.PayoutPublished, "")]
    [InlineData(OrderRole.Buyer, DisputeState.Resolved, "")]
    [InlineData(OrderRole.Buyer, DisputeState.Refused, "")]
    public void A_disputed_order_offers_the_case_s_step_and_nothing_of_the_order_s_own(OrderRole role, DisputeState disputeState, string expected)
    {
        var order = new Order { OrderId = "o", Role = role, State = OrderState.Disputed, FundingConfirmed = true, NextAction = "dispute_open" };
        var dispute = disputeState == DisputeState.Unspecified ? null : new Dispute { TradeId = "o", State = disputeState, GoodsOrder = true };

        Assert.Equal(expected, string.Join(",", OrderActions.For(order, dispute)));
    }

    [Fact]
    public void Another_order_s_case_offers_nothing()
    {
        var order = new Order { OrderId = "o", Role = OrderRole.Buyer, State = OrderState.Disputed };

        Assert.Empty(OrderActions.For(order, new Dispute { TradeId = "other", State = DisputeState.Decided }));
    }

    [Fact]
    public void The_node_s_open_dispute_next_action_offers_open_dispute_and_is_the_buyer_s_turn_refused_or_late_vendor()
    {
        var order = new Order { OrderId = "o", Role = OrderRole.Buyer, State = OrderState.EscrowNeedsDispute, NextAction = "open_dispute" };

        var late = new Order { OrderId = "o", Role = OrderRole.Buyer, State = OrderState.Funded, NextAction = "open_dispute" };
        var waiting = new Order { OrderId = "o", Role = OrderRole.Buyer, State = OrderState.Funded, NextAction = "wait_for_vendor" };

        Assert.Equal([OrderAction.OpenDispute], OrderActions.For(order));
        Assert.True(OrderActions.IsMyTurn(order));
        Assert.Equal([OrderAction.OpenDispute], OrderActions.For(late));
        Assert.True(OrderActions.IsMyTurn(late));
        Assert.Empty(OrderActions.For(waiting));
    }

    [Fact]
    public void Dispute_actions_carry_their_dispute_step_and_caption()
    {
        Assert.Equal(DisputeStep.Open, OrderActions.DisputeStepOf(OrderAction.OpenDispute));
        Assert.Equal(DisputeStep.AddEvidence, OrderActions.DisputeStepOf(OrderAction.AddEvidence));
        Assert.Equal(DisputeStep.Accept, OrderActions.DisputeStepOf(OrderAction.AcceptDecision));
        Assert.Null(OrderActions.DisputeStepOf(OrderAction.Refund));
        Assert.Equal("Open dispute", OrderActions.Caption(OrderAction.OpenDispute));
        Assert.Equal("Accept decision", OrderActions.Caption(OrderAction.AcceptDecision));
    }

    [Fact]
    public void The_vendor_s_turn_is_a_funded_or_accepted_order_and_the_buyer_s_a_fulfilled_one()
    {
        Assert.True(OrderActions.IsMyTurn(new Order { Role = OrderRole.Vendor, State = OrderState.Funded }));
        Assert.False(OrderActions.IsMyTurn(new Order { Role = OrderRole.Vendor, State = OrderState.Fulfilled, FundingConfirmed = true }));
        Assert.True(OrderActions.IsMyTurn(new Order { Role = OrderRole.Buyer, State = OrderState.Fulfilled }));
        Assert.False(OrderActions.IsMyTurn(new Order { Role = OrderRole.Buyer, State = OrderState.Funded }));
        Assert.False(OrderActions.IsMyTurn(new Order { Role = OrderRole.Buyer, State = OrderState.Accepted }));
    }
}
