using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>The actions the order view offers for each role and state: exactly those the Orders API accepts.</summary>
public sealed class OrderActionsTests
{
    [Theory]
    [InlineData(OrderRole.Vendor, OrderState.Funding, false, "")]
    [InlineData(OrderRole.Vendor, OrderState.Funded, false, "Accept,Decline")]
    [InlineData(OrderRole.Vendor, OrderState.Accepted, false, "Refund")]
    [InlineData(OrderRole.Vendor, OrderState.Accepted, true, "MarkFulfilled,Refund")]
    [InlineData(OrderRole.Vendor, OrderState.Fulfilled, true, "Refund")]
    [InlineData(OrderRole.Vendor, OrderState.PayoutSigned, true, "")]
    [InlineData(OrderRole.Vendor, OrderState.RefundSigned, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.Funded, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.Accepted, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.Fulfilled, true, "ConfirmReceipt")]
    [InlineData(OrderRole.Buyer, OrderState.PayoutSigned, true, "")]
    [InlineData(OrderRole.Buyer, OrderState.PayoutPublished, true, "")]
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
        Assert.False(OrderActions.NeedsText(OrderAction.Accept));
        Assert.False(OrderActions.NeedsText(OrderAction.ConfirmReceipt));
    }

    [Fact]
    public void The_vendor_s_turn_is_a_funded_or_accepted_order_and_the_buyer_s_a_fulfilled_one()
    {
        Assert.True(OrderActions.IsMyTurn(new Order { Role = OrderRole.Vendor, State = OrderState.Funded }));
        Assert.False(OrderActions.IsMyTurn(new Order { Role = OrderRole.Vendor, State = OrderState.Fulfilled, FundingConfirmed = true }));
        Assert.True(OrderActions.IsMyTurn(new Order { Role = OrderRole.Buyer, State = OrderState.Fulfilled }));
        Assert.False(OrderActions.IsMyTurn(new Order { Role = OrderRole.Buyer, State = OrderState.Funded }));
    }
}
