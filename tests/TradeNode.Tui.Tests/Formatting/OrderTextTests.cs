using Google.Protobuf.WellKnownTypes;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests.Formatting;

/// <summary>The buyer's next action while the vendor has not answered: waiting, with when a dispute becomes possible, then the dispute.</summary>
public sealed class OrderTextTests
{
    [Fact]
    public void A_buyer_waiting_for_the_vendor_sees_when_a_dispute_becomes_possible_and_then_that_it_is()
    {
        var from = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));
        var waiting = new Order { Role = OrderRole.Buyer, State = OrderState.Funded, NextAction = "wait_for_vendor", DisputePossibleAfter = from };
        var unconfirmed = new Order { Role = OrderRole.Buyer, State = OrderState.Funded, NextAction = "wait_for_vendor" };
        var silent = new Order { Role = OrderRole.Buyer, State = OrderState.Funded, NextAction = "open_dispute", DisputePossibleAfter = from };
        var refused = new Order { Role = OrderRole.Buyer, State = OrderState.EscrowNeedsDispute, NextAction = "open_dispute" };

        Assert.Equal("Waiting for the vendor (a dispute for a refund is possible from 2026-12-02 09:30 UTC)", OrderText.NextAction(waiting));
        Assert.Equal("Waiting for vendor", OrderText.NextAction(unconfirmed));
        Assert.Equal("The vendor did not answer in time: open a dispute for a refund", OrderText.NextAction(silent));
        Assert.Equal("Open a dispute to free the escrow", OrderText.NextAction(refused));
    }
}
