using Google.Protobuf;
using Grpc.Core;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Tests.P2P;
using static TradeNode.Tests.Api.ApiTrades;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Currency trades between node processes on one shared market (<see cref="TradeMarket"/>): a buy offer completes, a
/// take cancelled before the deposit releases everything, a forged message from a third node changes nothing, and
/// ten trades between the same two nodes run at once. Each test checks both traders' balances to the satoshi.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiTradeFlowTests(TradeMarket market) : IClassFixture<TradeMarket>
{
    private const long Amount = 10_000_000;

    [Fact]
    public async Task A_buy_offer_taken_by_a_seller_completes_and_the_maker_gets_the_amount()
    {
        await market.EnsureRunningAsync();
        var before = await market.SettledBalancesAsync();
        var offer = await market.OfferAsync(ApiOffers.Buy(Amount, market.Arbitrator.NodeId));

        var taken = (await market.Taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, market.Arbitrator.NodeId))).Trade;
        await market.FinishAsync(taken.TradeId);

        var onMaker = await Get(market.Maker, taken.TradeId);
        Assert.Equal(V1.TradeSide.Seller, taken.Side);
        Assert.Equal(V1.TradeSide.Buyer, onMaker.Side);
        Assert.Equal(V1.TradeRole.Maker, onMaker.Role);
        Assert.Equal(TakerAccount, onMaker.CounterpartyPaymentAccount);
        await market.AssertSettledAsync(before, taken.TradeId);
        Assert.True(before.Maker < (await market.SettledBalancesAsync()).Maker, "the maker bought bitcoin");
    }

    [Fact]
    public async Task A_take_cancelled_before_the_deposit_releases_both_reservations_and_moves_no_coins()
    {
        await market.EnsureRunningAsync();
        var before = await market.SettledBalancesAsync();
        var offer = await market.OfferAsync(ApiOffers.Sell(Amount, market.Arbitrator.NodeId));
        await market.KillMakerAsync(); // The maker cannot answer: the take stays before the deposit.

        var taken = (await market.Taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, market.Arbitrator.NodeId))).Trade;
        var reservedWhileTaken = (await Balance(market.Taker)).ReservedSats;
        var cancelled = await market.Taker.Trades.CancelAsync(new V1.CancelTradeRequest { TradeId = taken.TradeId, Reason = "changed my mind" });
        var takerReserved = (await Balance(market.Taker)).ReservedSats;
        await market.RestartMakerAsync();
        await Eventually.TrueAsync(async () => (await FindAsync(market.Maker, taken.TradeId))?.IsClosed == true, "the maker closes the cancelled trade", TradeTimeout);
        var onMaker = await Get(market.Maker, taken.TradeId);
        await WithdrawAsync(offer.OfferId);
        var after = await market.SettledBalancesAsync();

        Assert.True(reservedWhileTaken > Amount, "the taker reserved its share while taking");
        Assert.Equal(V1.TradeState.Cancelled, cancelled.State);
        Assert.Equal(0, takerReserved);
        Assert.Contains(onMaker.State, new[] { V1.TradeState.Cancelled, V1.TradeState.Refused });
        Assert.Equal(before, after);
        Assert.Equal(0, (await Balance(market.Maker)).ReservedSats);
        Assert.Equal(0, (await Balance(market.Taker)).ReservedSats);
        Assert.Empty(onMaker.DepositTxid);
    }

    [Fact]
    public async Task Trade_messages_forged_by_a_third_node_are_rejected_and_change_nothing()
    {
        await market.EnsureRunningAsync();
        var before = await market.SettledBalancesAsync();
        var offer = await market.OfferAsync(ApiOffers.Sell(Amount, market.Arbitrator.NodeId));
        var id = (await market.Taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, market.Arbitrator.NodeId))).Trade.TradeId;
        await WaitForStateAsync(market.Maker, id, V1.TradeState.DepositPublished);
        await market.MineWhenInMempoolAsync((await Get(market.Maker, id)).DepositTxid);
        await WaitForStateAsync(market.Maker, id, V1.TradeState.DepositConfirmed);
        await WaitForStateAsync(market.Taker, id, V1.TradeState.DepositConfirmed);
        var makerLog = market.Maker.StderrSoFar.Length;
        var takerLog = market.Taker.StderrSoFar.Length;

        // The arbitrator's node (named in the contract, but not a trader) claims the buyer paid, and cancels for the seller.
        await market.SendForgedAsync(market.Maker, new TradeMessage { TradeId = id, PaymentSent = new PaymentSent() });
        await market.SendForgedAsync(market.Taker, new TradeMessage { TradeId = id, Cancel = new Cancel { Reason = "forged" } });
        await market.SendForgedAsync(market.Taker, new TradeMessage { TradeId = id, PayoutProposal = new PayoutProposal { PayoutPsbt = ByteString.CopyFrom(new byte[] { 1, 2, 3 }) } });
        await Eventually.TrueAsync(
            () => Task.FromResult(Rejections(market.Maker.StderrSoFar[makerLog..], id) >= 1 && Rejections(market.Taker.StderrSoFar[takerLog..], id) >= 2),
            "both traders log the forged messages as rejected",
            TradeTimeout);
        var onMaker = await Get(market.Maker, id);
        var onTaker = await Get(market.Taker, id);
        await market.FinishAsync(id);

        Assert.Equal(V1.TradeState.DepositConfirmed, onMaker.State);
        Assert.Equal(V1.TradeState.DepositConfirmed, onTaker.State);
        Assert.Empty(onMaker.LastError);
        Assert.Empty(onTaker.LastError);
        await market.AssertSettledAsync(before, id);
    }

    [Fact]
    public async Task Ten_trades_between_the_same_two_nodes_run_at_once_and_all_complete()
    {
        await market.EnsureRunningAsync();
        var before = await market.SettledBalancesAsync();
        var offers = new List<V1.Offer>();
        for (var i = 0; i < 10; i++)
        {
            var request = ApiOffers.Sell(Amount + i, market.Arbitrator.NodeId);
            request.PaymentAccount = MakerAccount;
            offers.Add((await market.Maker.Offers.CreateAsync(request)).Offer);
        }

        await Eventually.TrueAsync(
            async () =>
            {
                var known = (await market.Taker.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Select(o => o.OfferId).ToHashSet();
                return offers.All(o => known.Contains(o.OfferId));
            },
            "the ten offers reach the taker",
            TradeTimeout);

        var taken = await Task.WhenAll(offers.Select(o => market.Taker.Trades.TakeOfferAsync(Take(o.OfferId, o.AmountSats, market.Arbitrator.NodeId)).ResponseAsync));
        var ids = taken.Select(t => t.Trade.TradeId).ToArray();
        await Task.WhenAll(ids.Select(market.FinishAsync));

        Assert.Equal(10, ids.Distinct().Count());
        await market.AssertSettledAsync(before, ids);
    }

    private static int Rejections(string log, string tradeId) =>
        log.Split('\n').Count(line => line.Contains(tradeId, StringComparison.Ordinal) && line.Contains("rejected", StringComparison.Ordinal));

    private async Task WithdrawAsync(string offerId)
    {
        try
        {
            await market.Maker.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = offerId });
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
        {
            // Withdrawn already: the take request reached the maker before the cancel.
        }
    }
}
