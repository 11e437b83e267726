using System.Text.Json;
using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Ratings between real node processes on one <c>tradenode chain</c>: after a currency trade completes, the buyer
/// publishes a rating of the seller through the API, and the seller's node (through the API and the CLI) lists it as
/// verified on chain, with the summary shown on the ratings list.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiRatingTests() : ApiProcessTestBase("rating")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;
    private const long Amount = 10_000_000;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_a_completed_trade_the_buyers_rating_is_listed_as_verified_by_the_seller()
    {
        var chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain)];
        var arbitrator = await StartNodeAsync("arbitrator", common);
        var seller = await StartNodeAsync("seller", [.. common, "--seed-peer", arbitrator.P2PAddress]);
        var buyer = await StartNodeAsync("buyer", [.. common, "--seed-peer", arbitrator.P2PAddress, "--seed-peer", seller.P2PAddress]);
        foreach (var node in new[] { arbitrator, seller, buyer })
        {
            await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        }

        await arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest());
        await SendAsync(arbitrator, seller, 5 * Coin);
        await SendAsync(arbitrator, buyer, 5 * Coin);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await Confirmed(seller)) == 5 * Coin && (await Confirmed(buyer)) == 5 * Coin, "the traders see their coins", StepTimeout);
        await EventuallyAsync(async () => await KnowsArbitratorAsync(seller, arbitrator.NodeId) && await KnowsArbitratorAsync(buyer, arbitrator.NodeId), "the traders learn the arbitrator", StepTimeout);
        var offerRequest = ApiOffers.Sell(Amount, arbitrator.NodeId);
        offerRequest.PaymentAccount = "IBAN DE89 3704 0044 0532 0130 00";
        var offer = (await seller.Offers.CreateAsync(offerRequest)).Offer;
        await EventuallyAsync(async () => (await buyer.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches the buyer", StepTimeout);
        var id = (await buyer.Trades.TakeOfferAsync(new V1.TakeOfferRequest
        {
            OfferId = offer.OfferId,
            AmountSats = Amount,
            ArbitratorNodeId = arbitrator.NodeId,
            PaymentAccount = "IBAN FR14 2004 1010 0505 0001 3M02 606",
        })).Trade.TradeId;
        await WaitForStateAsync(buyer, id, V1.TradeState.DepositPublished, V1.TradeState.DepositConfirmed);
        var depositTxid = (await Get(buyer, id)).DepositTxid;
        await EventuallyAsync(async () => (await chain.Client.GetMempoolTxidsAsync()).Any(t => t.ToString() == depositTxid), "the deposit reaches the mempool", StepTimeout);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(buyer, id, V1.TradeState.DepositConfirmed);
        await WaitForStateAsync(seller, id, V1.TradeState.DepositConfirmed);
        var early = await Assert.ThrowsAsync<RpcException>(() => buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 5 }).ResponseAsync);
        await buyer.Trades.ConfirmPaymentSentAsync(new V1.ConfirmPaymentSentRequest { TradeId = id });
        await WaitForStateAsync(seller, id, V1.TradeState.PaymentSent);
        await seller.Trades.ConfirmPaymentReceivedAsync(new V1.ConfirmPaymentReceivedRequest { TradeId = id });
        await WaitForStateAsync(buyer, id, V1.TradeState.PayoutPublished);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(buyer, id, V1.TradeState.Completed);
        await WaitForStateAsync(seller, id, V1.TradeState.Completed);

        var published = await buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 5, Text = "Paid out fast." });
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => seller.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 1 }).ResponseAsync, "buyer");
        await ApiAssert.InvalidAsync("stars", () => buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 0 }).ResponseAsync);
        await ApiAssert.InvalidAsync("vendor_node_id", () => seller.Ratings.ListAsync(new V1.ListRatingsRequest()).ResponseAsync);
        V1.ListRatingsResponse onSeller = new();
        await EventuallyAsync(
            async () => (onSeller = await seller.Ratings.ListAsync(new V1.ListRatingsRequest { VendorNodeId = seller.NodeId })).Ratings.Count == 1,
            "the rating reaches the seller",
            StepTimeout);
        await EventuallyAsync(
            async () => (await arbitrator.Ratings.ListAsync(new V1.ListRatingsRequest { VendorNodeId = seller.NodeId })).Ratings.Count == 1,
            "the rating reaches the arbitrator's node too",
            StepTimeout);
        var cli = await TradeNodeProcess.RunAsync(["ratings", "list", "--vendor", seller.NodeId, "--json", "--datadir", arbitrator.DataDirectory]);
        var table = await TradeNodeProcess.RunAsync(["ratings", "list", "--vendor", seller.NodeId, "--datadir", seller.DataDirectory]);

        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.True(published.Verified, published.UnverifiedReason);
        Assert.True(published.IsMine);
        Assert.Equal(seller.NodeId, published.SubjectNodeId);
        Assert.Equal(buyer.NodeId, published.AuthorNodeId);
        Assert.StartsWith(depositTxid + ":", published.EscrowOutpoint, StringComparison.Ordinal);
        var rating = Assert.Single(onSeller.Ratings);
        Assert.True(rating.Verified, rating.UnverifiedReason);
        Assert.False(rating.IsMine);
        Assert.Equal(5, rating.Stars);
        Assert.Equal("Paid out fast.", rating.Text);
        Assert.Equal(id, rating.TradeId);
        Assert.Equal(1, onSeller.Summary.Count);
        Assert.Equal(1, onSeller.Summary.VerifiedCount);
        Assert.Equal("5.00", onSeller.Summary.AverageVerified);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        using var json = JsonDocument.Parse(cli.Stdout);
        var listed = Assert.Single(json.RootElement.GetProperty("ratings").EnumerateArray());
        Assert.True(listed.GetProperty("verified").GetBoolean());
        Assert.Equal(published.ItemId, listed.GetProperty("itemId").GetString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Summary: 5.00 from 1 verified of 1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("*****", table.Stdout, StringComparison.Ordinal);
    }

    private static async Task<long> Confirmed(ApiNodeProcess node) => (await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest())).ConfirmedSats;

    private static async Task<V1.Trade> Get(ApiNodeProcess node, string id) => await node.Trades.GetAsync(new V1.GetTradeRequest { TradeId = id });

    private static async Task SendAsync(ApiNodeProcess from, ApiNodeProcess to, long sats)
    {
        var address = (await to.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
        await from.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = sats, FeeRateSatPerVb = 2 });
    }

    private static async Task<bool> KnowsArbitratorAsync(ApiNodeProcess node, string arbitratorId) =>
        (await node.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorId);

    private static Task WaitForStateAsync(ApiNodeProcess node, string id, params V1.TradeState[] states) =>
        EventuallyAsync(
            async () =>
            {
                V1.Trade trade;
                try
                {
                    trade = await Get(node, id);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return false;
                }

                Assert.False(trade.IsClosed && !states.Contains(trade.State), $"The trade closed as {trade.State}: {trade.LastError}");
                return states.Contains(trade.State);
            },
            $"the trade reaches {string.Join(" or ", states)}",
            StepTimeout);
}
