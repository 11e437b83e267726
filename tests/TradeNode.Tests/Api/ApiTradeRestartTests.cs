using TradeNode.Tests.P2P;
using static TradeNode.Tests.Api.ApiTrades;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// A trader killed with SIGKILL at each state of a currency trade (a sell offer: the maker sells, the taker buys) and
/// started again on its data directory finishes the trade, and both wallets end to the satoshi where the contract and
/// the measured fees put them. To stop a trader at a state, the counterparty is down when the message that would move
/// it on arrives, or the trader is killed while it waits for the next block or the next trader's action.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiTradeRestartTests(TradeMarket market) : IClassFixture<TradeMarket>
{
    private const long Amount = 10_000_000;

    [Theory]
    [InlineData("maker", "TakeRequested")]
    [InlineData("taker", "TakeRequested")]
    [InlineData("maker", "Accepted")]
    [InlineData("taker", "DepositSigned")]
    [InlineData("maker", "DepositPublished")]
    [InlineData("taker", "DepositPublished")]
    [InlineData("maker", "PaymentSent")]
    [InlineData("taker", "PaymentSent")]
    [InlineData("maker", "PayoutProposed")]
    [InlineData("taker", "PayoutPublished")]
    public async Task A_trader_killed_at_a_state_and_restarted_completes_the_trade(string victim, string state)
    {
        await market.EnsureRunningAsync();
        var before = await market.SettledBalancesAsync();
        var offer = await market.OfferAsync(ApiOffers.Sell(Amount, market.Arbitrator.NodeId));
        string id;
        switch (state)
        {
            case "TakeRequested" or "Accepted" or "DepositSigned":
                id = await RelayToAsync(victim, state, offer);
                break;
            case "DepositPublished":
                id = await TakeAsync(offer);
                await WaitForStateAsync(Node(victim), id, V1.TradeState.DepositPublished);
                await KillAsync(victim);
                await market.MineWhenInMempoolAsync((await Get(Other(victim), id)).DepositTxid);
                break;
            default:
                id = await TakeAsync(offer);
                await WaitForStateAsync(market.Maker, id, V1.TradeState.DepositPublished);
                await market.MineWhenInMempoolAsync((await Get(market.Maker, id)).DepositTxid);
                await WaitForStateAsync(market.Taker, id, V1.TradeState.DepositConfirmed);
                await WaitForStateAsync(market.Maker, id, V1.TradeState.DepositConfirmed);
                await market.Taker.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id });
                await WaitForStateAsync(market.Maker, id, V1.TradeState.PaymentSent);
                await KillAtPaymentAsync(victim, state, id);
                break;
        }

        await market.EnsureRunningAsync();
        await market.FinishAsync(id);

        await market.AssertSettledAsync(before, id);
    }

    /// <summary>
    /// The steps before the deposit, with the counterparty down when a message arrives: the take request reaches a
    /// stopped maker, the maker's answer a stopped taker, the taker's signatures a stopped maker.
    /// </summary>
    private async Task<string> RelayToAsync(string victim, string state, V1.Offer offer)
    {
        await market.KillMakerAsync();
        var id = await TakeAsync(offer);
        if (victim == "maker" && state == "TakeRequested")
        {
            return id; // Killed before the take request arrived; it finds it on restart.
        }

        await market.KillTakerAsync();
        await market.RestartMakerAsync();
        await WaitForStateAsync(market.Maker, id, V1.TradeState.Accepted);
        if (victim == "taker" && state == "TakeRequested")
        {
            return id; // Killed at TakeRequested; the answer waits for it in the network.
        }

        await market.KillMakerAsync();
        await market.RestartTakerAsync();
        await WaitForStateAsync(market.Taker, id, V1.TradeState.DepositSigned);
        if (victim == "maker")
        {
            return id; // Killed at Accepted; the taker's signatures wait for it.
        }

        await market.KillTakerAsync();
        await market.RestartMakerAsync();
        await WaitForStateAsync(market.Maker, id, V1.TradeState.DepositPublished, V1.TradeState.DepositConfirmed);
        return id; // The taker was killed at DepositSigned while the maker published the deposit.
    }

    /// <summary>The steps after the buyer (the taker) said it paid.</summary>
    private async Task KillAtPaymentAsync(string victim, string state, string id)
    {
        switch (victim, state)
        {
            case ("maker", "PaymentSent"):
                await market.KillMakerAsync();
                break;
            case ("taker", "PaymentSent"):
                // The seller's payout proposal reaches a stopped buyer.
                await market.KillTakerAsync();
                await market.Maker.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
                break;
            case ("maker", "PayoutProposed"):
                // The seller proposed and is killed; the buyer co-signs and broadcasts the payout, and it confirms,
                // while the seller is down: the seller catches up to COMPLETED from the chain when it is back.
                await market.KillTakerAsync();
                await market.Maker.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
                await market.KillMakerAsync();
                await market.RestartTakerAsync();
                await WaitForStateAsync(market.Taker, id, V1.TradeState.PayoutPublished, V1.TradeState.Completed);
                await market.MineWhenInMempoolAsync((await Get(market.Taker, id)).PayoutTxid);
                await WaitForStateAsync(market.Taker, id, V1.TradeState.Completed);
                break;
            default:
                // The buyer is killed right after it published the payout, before any block.
                await market.Maker.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
                await WaitForStateAsync(market.Taker, id, V1.TradeState.PayoutPublished);
                await market.KillTakerAsync();
                break;
        }
    }

    private async Task<string> TakeAsync(V1.Offer offer) =>
        (await market.Taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, market.Arbitrator.NodeId))).Trade.TradeId;

    private ApiNodeProcess Node(string who) => who == "maker" ? market.Maker : market.Taker;

    private ApiNodeProcess Other(string who) => who == "maker" ? market.Taker : market.Maker;

    private Task KillAsync(string who) => who == "maker" ? market.KillMakerAsync() : market.KillTakerAsync();
}
