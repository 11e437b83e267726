using TradeNode.Api.V1;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>The actions the detail view offers for each side and state: exactly those the node accepts.</summary>
public sealed class TradeActionsTests
{
    [Theory]
    [InlineData(TradeSide.Buyer, TradeState.TakeRequested, "Cancel")]
    [InlineData(TradeSide.Seller, TradeState.Accepted, "Cancel")]
    [InlineData(TradeSide.Buyer, TradeState.DepositSigned, "")]
    [InlineData(TradeSide.Seller, TradeState.DepositPublished, "OpenDispute")]
    [InlineData(TradeSide.Buyer, TradeState.DepositConfirmed, "PaymentSent,OpenDispute")]
    [InlineData(TradeSide.Seller, TradeState.DepositConfirmed, "PaymentReceived,OpenDispute")]
    [InlineData(TradeSide.Buyer, TradeState.PaymentSent, "OpenDispute")]
    [InlineData(TradeSide.Seller, TradeState.PaymentSent, "PaymentReceived,OpenDispute")]
    [InlineData(TradeSide.Seller, TradeState.PayoutProposed, "OpenDispute")]
    [InlineData(TradeSide.Buyer, TradeState.Disputed, "")]
    [InlineData(TradeSide.Buyer, TradeState.PayoutPublished, "")]
    [InlineData(TradeSide.Buyer, TradeState.Accepted, "Cancel")]
    public void Each_state_offers_the_actions_the_node_accepts_for_that_side(TradeSide side, TradeState state, string expected)
    {
        var trade = new Trade { TradeId = "t", Side = side, State = state };

        var actions = TradeActions.For(trade);

        Assert.Equal(expected, string.Join(",", actions));
    }

    [Theory]
    [InlineData(TradeState.Completed)]
    [InlineData(TradeState.Refused)]
    [InlineData(TradeState.Cancelled)]
    [InlineData(TradeState.Failed)]
    public void A_closed_trade_offers_nothing(TradeState state)
    {
        var trade = new Trade { TradeId = "t", Side = TradeSide.Seller, State = state, IsClosed = true };

        Assert.Empty(TradeActions.For(trade));
    }

    [Theory]
    [InlineData(DisputeState.Open, "AddEvidence")]
    [InlineData(DisputeState.Decided, "AcceptDecision")]
    [InlineData(DisputeState.PayoutPublished, "")]
    [InlineData(DisputeState.Refused, "")]
    public void A_disputed_trade_offers_evidence_while_open_and_accepting_once_decided(DisputeState state, string expected)
    {
        var trade = new Trade { TradeId = "t", Side = TradeSide.Buyer, State = TradeState.Disputed };

        Assert.Equal(expected, string.Join(",", TradeActions.For(trade, new Dispute { TradeId = "t", State = state })));
        Assert.Empty(TradeActions.For(trade));
        Assert.Empty(TradeActions.For(trade, new Dispute { TradeId = "other", State = state }));
    }
}
