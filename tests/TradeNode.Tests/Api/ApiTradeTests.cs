using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using TradeNode.Tests.P2P;
using static TradeNode.Tests.Api.ApiTrading;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// A currency trade between two real node processes on one <c>tradenode chain</c>, driven only through the API (and
/// the CLI for the final listing): an arbitrator registers, a maker offers bitcoin for sale, a taker takes it, the
/// buyer and the seller confirm the fiat payment, and both wallets end exactly the trade's amounts and fees apart.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiTradeTests() : ApiProcessTestBase("trade")
{
    private const long Amount = 10_000_000;

    [Fact]
    public async Task A_sell_offer_taken_through_the_api_completes_and_both_wallets_move_by_the_amount_and_their_fee_shares()
    {
        var chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain)];
        var arbitrator = await StartNodeAsync("arbitrator", common);
        var maker = await StartNodeAsync("maker", [.. common, "--seed-peer", arbitrator.P2PAddress]);
        var taker = await StartNodeAsync("taker", [.. common, "--seed-peer", arbitrator.P2PAddress]);
        await SetUpMarketAsync(arbitrator, maker, taker);
        var makerBefore = (await Balance(maker)).ConfirmedSats;
        var takerBefore = (await Balance(taker)).ConfirmedSats;

        var offerRequest = ApiOffers.Sell(Amount, arbitrator.NodeId);
        offerRequest.PaymentAccount = MakerAccount;
        var offer = (await maker.Offers.CreateAsync(offerRequest)).Offer;
        await EventuallyAsync(async () => (await taker.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches the taker");
        using var watchTimeout = new CancellationTokenSource(ApiTrading.TradeTimeout);
        using var makerWatch = maker.Trades.Watch(new V1.WatchTradesRequest(), cancellationToken: watchTimeout.Token);
        await makerWatch.ResponseHeadersAsync;
        var watched = ReadUntilCompletedAsync(makerWatch.ResponseStream, watchTimeout.Token);

        await ApiAssert.InvalidAsync("amount_sats", () => taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount + 1, arbitrator.NodeId)).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => maker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, arbitrator.NodeId)).ResponseAsync, "own");
        var taken = (await taker.Trades.TakeOfferAsync(Take(offer.OfferId, Amount, arbitrator.NodeId))).Trade;
        var id = taken.TradeId;
        await WaitForStateAsync(maker, id, V1.TradeState.DepositPublished, V1.TradeState.DepositConfirmed);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => taker.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id }).ResponseAsync);
        var depositTxid = (await Get(maker, id)).DepositTxid;
        await EventuallyAsync(async () => (await chain.Client.GetMempoolTxidsAsync()).Any(t => t.ToString() == depositTxid), "the deposit reaches the mempool");
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(taker, id, V1.TradeState.DepositConfirmed);
        var confirmedOnTaker = await Get(taker, id);
        await WaitForStateAsync(maker, id, V1.TradeState.DepositConfirmed);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => maker.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id }).ResponseAsync);
        var sent = await taker.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id });
        await WaitForStateAsync(maker, id, V1.TradeState.PaymentSent);
        var awaitingSeller = await Get(maker, id);
        await maker.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
        await WaitForStateAsync(taker, id, V1.TradeState.PayoutPublished);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(taker, id, V1.TradeState.Completed);
        await WaitForStateAsync(maker, id, V1.TradeState.Completed);
        var onTaker = await Get(taker, id);
        var onMaker = await Get(maker, id);
        await EventuallyAsync(async () => await SeesConfirmedAsync(maker, onMaker.PayoutTxid) && await SeesConfirmedAsync(taker, onMaker.PayoutTxid), "both wallets see the payout confirmed");
        var makerAfter = await ApiChecks.BalanceAsync(maker);
        var takerAfter = await ApiChecks.BalanceAsync(taker);
        var depositFee = await ApiChecks.FeeAsync(chain, onTaker.DepositTxid);
        var payoutFee = await ApiChecks.FeeAsync(chain, onTaker.PayoutTxid);
        var states = await watched;
        var cli = await TradeNodeProcess.RunAsync(["trades", "list", "--closed", "--json", "--datadir", taker.DataDirectory]);
        var table = await TradeNodeProcess.RunAsync(["trades", "list", "--datadir", maker.DataDirectory]);
        var shown = await TradeNodeProcess.RunAsync(["trades", "get", id, "--datadir", maker.DataDirectory]);
        await ApiAssert.InvalidAsync("trade_id", () => taker.Trades.GetAsync(new V1.GetTradeRequest()).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => taker.Trades.GetAsync(new V1.GetTradeRequest { TradeId = new string('a', 32) }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => taker.Trades.CancelAsync(new V1.CancelTradeRequest { TradeId = id }).ResponseAsync);
        var open = await taker.Trades.ListAsync(new V1.ListTradesRequest { Status = V1.TradeStatusFilter.Open });

        // The taker bought: it gets the amount and pays the smaller half of each fee; the seller pays the rest.
        Assert.Equal(takerBefore + Amount - (depositFee / 2) - (payoutFee / 2), takerAfter.ConfirmedSats);
        Assert.Equal(makerBefore - Amount - (depositFee - (depositFee / 2)) - (payoutFee - (payoutFee / 2)), makerAfter.ConfirmedSats);
        Assert.Equal(0, takerAfter.ReservedSats);
        Assert.Equal(0, makerAfter.ReservedSats);
        Assert.InRange(depositFee, 100, 20_000);
        Assert.InRange(payoutFee, 100, 20_000);

        Assert.Equal(V1.TradeRole.Taker, taken.Role);
        Assert.Equal(V1.TradeSide.Buyer, taken.Side);
        Assert.Equal(V1.TradeState.TakeRequested, taken.State);
        Assert.Equal("wait_for_maker", taken.NextAction);
        Assert.Equal("confirm_payment_sent", confirmedOnTaker.NextAction);
        Assert.NotNull(confirmedOnTaker.Deadline);
        Assert.False(confirmedOnTaker.IsPastDeadline);
        Assert.Equal((1, -1), (confirmedOnTaker.DepositConfirmations, confirmedOnTaker.PayoutConfirmations));
        Assert.Equal((2, 1), (onTaker.DepositConfirmations, onTaker.PayoutConfirmations));
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains($"{onMaker.DepositTxid} (2 confirmations)", shown.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{onMaker.PayoutTxid} (1 confirmation)", shown.Stdout, StringComparison.Ordinal);
        Assert.Equal(V1.TradeState.PaymentSent, sent.State);
        Assert.Equal("wait_for_payment_received", sent.NextAction);
        Assert.Equal("confirm_payment_received", awaitingSeller.NextAction);
        Assert.Equal(V1.TradeRole.Maker, onMaker.Role);
        Assert.Equal(V1.TradeSide.Seller, onMaker.Side);
        Assert.Equal("none", onMaker.NextAction);
        Assert.True(onMaker.IsClosed);
        Assert.Equal(Amount, onMaker.AmountSats);
        Assert.Equal(Amount * 15 / 100, onMaker.SellerDepositSats);
        Assert.Equal(Amount * 15 / 100, onMaker.BuyerDepositSats);
        Assert.Equal(Amount + onMaker.BuyerDepositSats + onMaker.SellerDepositSats, onMaker.EscrowSats);
        Assert.Equal("6200.05", onMaker.FiatAmount.Amount);
        Assert.Equal("EUR", onMaker.FiatAmount.Currency);
        Assert.Equal("62000.5", onMaker.Price.Amount);
        Assert.Equal("SEPA", onMaker.PaymentMethodId);
        Assert.Equal(taker.NodeId, onMaker.CounterpartyNodeId);
        Assert.Equal(maker.NodeId, onTaker.CounterpartyNodeId);
        Assert.Equal(arbitrator.NodeId, onTaker.ArbitratorNodeId);
        Assert.Equal(onTaker.EscrowAddress, onMaker.EscrowAddress);
        Assert.StartsWith("bcrt1q", onMaker.EscrowAddress, StringComparison.Ordinal);
        Assert.Equal(onTaker.DepositTxid, onMaker.DepositTxid);
        Assert.Equal(onTaker.PayoutTxid, onMaker.PayoutTxid);
        Assert.Equal(MakerAccount, onTaker.CounterpartyPaymentAccount);
        Assert.Equal(TakerAccount, onMaker.CounterpartyPaymentAccount);
        Assert.Equal(TakerAccount, onTaker.MyPaymentAccount);
        Assert.Empty(onTaker.LastError);
        Assert.Empty(open.Trades);
        Assert.Contains(V1.TradeState.Accepted, states);
        Assert.Contains(V1.TradeState.PaymentSent, states);
        Assert.Equal(V1.TradeState.Completed, states[^1]);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        using var json = JsonDocument.Parse(cli.Stdout);
        var listed = Assert.Single(json.RootElement.GetProperty("trades").EnumerateArray());
        Assert.Equal(id, listed.GetProperty("tradeId").GetString());
        Assert.Equal("TRADE_STATE_COMPLETED", listed.GetProperty("state").GetString());
        Assert.Equal(Amount, long.Parse(listed.GetProperty("amountSats").GetString()!, CultureInfo.InvariantCulture));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains(id, table.Stdout, StringComparison.Ordinal);
        Assert.Contains("COMPLETED", table.Stdout, StringComparison.Ordinal);
    }

    private static V1.TakeOfferRequest Take(string offerId, long amount, string arbitratorNodeId) =>
        new() { OfferId = offerId, AmountSats = amount, ArbitratorNodeId = arbitratorNodeId, PaymentAccount = TakerAccount };

    private static async Task<List<V1.TradeState>> ReadUntilCompletedAsync(IAsyncStreamReader<V1.Trade> stream, CancellationToken cancellationToken)
    {
        var states = new List<V1.TradeState>();
        while (await stream.MoveNext(cancellationToken))
        {
            states.Add(stream.Current.State);
            if (stream.Current.State == V1.TradeState.Completed)
            {
                break;
            }
        }

        return states;
    }
}
