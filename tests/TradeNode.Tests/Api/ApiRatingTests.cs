using System.Text.Json;
using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Ratings between real node processes on one <c>tradenode chain</c>: after a goods order completes, the buyer
/// publishes a rating of the vendor through the API; the vendor's node and a third node (through the API and the CLI)
/// list it as verified on chain, and the listing shows the vendor's summary.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiRatingTests() : ApiProcessTestBase("rating")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task After_a_completed_order_the_buyers_rating_is_listed_as_verified_by_the_vendor_and_a_third_node()
    {
        var chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(chain)];
        var arbitrator = await StartNodeAsync("arbitrator", common);
        var vendor = await StartNodeAsync("vendor", [.. common, "--seed-peer", arbitrator.P2PAddress]);
        var buyer = await StartNodeAsync("buyer", [.. common, "--seed-peer", arbitrator.P2PAddress, "--seed-peer", vendor.P2PAddress]);
        foreach (var node in new[] { arbitrator, vendor, buyer })
        {
            await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        }

        await arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest());
        var address = (await buyer.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
        await arbitrator.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = Coin, FeeRateSatPerVb = 2 });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await ApiChecks.BalanceAsync(buyer)).ConfirmedSats == Coin, "the buyer sees its coins", StepTimeout);
        await EventuallyAsync(async () => await ApiChecks.KnowsArbitratorAsync(buyer, arbitrator.NodeId) && await ApiChecks.KnowsArbitratorAsync(vendor, arbitrator.NodeId), "the traders learn the arbitrator", StepTimeout);
        var listingId = (await vendor.Listings.CreateAsync(new V1.CreateListingRequest
        {
            Content = new V1.ListingContent
            {
                Title = "Walnut chopping board",
                Description = "Hand-made from one piece of walnut, oiled.",
                Condition = V1.ItemCondition.New,
                Price = new V1.Price { Sats = 1_000_000 },
                Quantity = 3,
                ShippingOptions = { new V1.ShippingOption { Name = "Post", Regions = { "WORLD" }, Price = new V1.Price { Sats = 20_000 } } },
                ArbitratorNodeIds = { arbitrator.NodeId },
            },
        })).Listing.ListingId;
        await EventuallyAsync(async () => await KnowsListingAsync(buyer, listingId) && await KnowsListingAsync(arbitrator, listingId), "the listing reaches the buyer and the third node", StepTimeout);

        var id = (await buyer.Orders.PlaceOrderAsync(new V1.PlaceOrderRequest { ListingId = listingId, Quantity = 1, ShippingOption = "Post", ShippingAddress = "Jane Doe, 1 Main St" })).Order.OrderId;
        await WaitForStateAsync(vendor, id, V1.OrderState.Funded);
        await vendor.Orders.AcceptAsync(new V1.AcceptOrderRequest { OrderId = id });
        await WaitForStateAsync(buyer, id, V1.OrderState.Accepted);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await EventuallyAsync(async () => (await Get(vendor, id)).FundingConfirmed, "the vendor sees the funding confirmed", StepTimeout);
        var early = await Assert.ThrowsAsync<RpcException>(() => buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 5 }).ResponseAsync);
        await vendor.Orders.MarkFulfilledAsync(new V1.MarkFulfilledRequest { OrderId = id, TrackingNote = "DHL 0034" });
        await WaitForStateAsync(buyer, id, V1.OrderState.Fulfilled);
        await buyer.Orders.ConfirmReceiptAsync(new V1.ConfirmReceiptRequest { OrderId = id });
        await WaitForStateAsync(vendor, id, V1.OrderState.PayoutPublished, V1.OrderState.Completed);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await WaitForStateAsync(buyer, id, V1.OrderState.Completed);
        await WaitForStateAsync(vendor, id, V1.OrderState.Completed);
        var fundingTxid = (await Get(buyer, id)).FundingTxid;

        var published = await buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 5, Text = "Paid out fast." });
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => vendor.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 1 }).ResponseAsync, "buyer");
        await ApiAssert.InvalidAsync("stars", () => buyer.Ratings.PublishAsync(new V1.PublishRatingRequest { TradeId = id, Stars = 0 }).ResponseAsync);
        await ApiAssert.InvalidAsync("vendor_node_id", () => vendor.Ratings.ListAsync(new V1.ListRatingsRequest()).ResponseAsync);
        V1.ListRatingsResponse onVendor = new();
        await EventuallyAsync(
            async () => (onVendor = await vendor.Ratings.ListAsync(new V1.ListRatingsRequest { VendorNodeId = vendor.NodeId })).Ratings.Count == 1,
            "the rating reaches the vendor",
            StepTimeout);
        await EventuallyAsync(
            async () => (await arbitrator.Ratings.ListAsync(new V1.ListRatingsRequest { ListingId = listingId })).Ratings.Count == 1,
            "the rating reaches the third node",
            StepTimeout);
        V1.Listing shown = new();
        await EventuallyAsync(
            async () => (shown = await arbitrator.Listings.GetAsync(new V1.GetListingRequest { ListingId = listingId })).VendorRating?.VerifiedCount == 1,
            "the third node shows the vendor's verified rating with the listing",
            StepTimeout);
        var cli = await TradeNodeProcess.RunAsync(["ratings", "list", "--vendor", vendor.NodeId, "--json", "--datadir", arbitrator.DataDirectory]);
        var table = await TradeNodeProcess.RunAsync(["ratings", "list", "--vendor", vendor.NodeId, "--datadir", vendor.DataDirectory]);

        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.True(published.Verified, published.UnverifiedReason);
        Assert.True(published.IsMine);
        Assert.Equal(vendor.NodeId, published.SubjectNodeId);
        Assert.Equal(buyer.NodeId, published.AuthorNodeId);
        Assert.Equal(listingId, published.ListingId);
        Assert.StartsWith(fundingTxid + ":", published.EscrowOutpoint, StringComparison.Ordinal);
        var rating = Assert.Single(onVendor.Ratings);
        Assert.True(rating.Verified, rating.UnverifiedReason);
        Assert.False(rating.IsMine);
        Assert.Equal(5, rating.Stars);
        Assert.Equal("Paid out fast.", rating.Text);
        Assert.Equal(id, rating.TradeId);
        Assert.Equal(1, onVendor.Summary.Count);
        Assert.Equal(1, onVendor.Summary.VerifiedCount);
        Assert.Equal("5.00", onVendor.Summary.AverageVerified);
        Assert.Equal("5.00", shown.VendorRating.AverageVerified);

        Assert.True(cli.ExitCode == 0, cli.ToString());
        using var json = JsonDocument.Parse(cli.Stdout);
        var listed = Assert.Single(json.RootElement.GetProperty("ratings").EnumerateArray());
        Assert.True(listed.GetProperty("verified").GetBoolean());
        Assert.Equal(published.ItemId, listed.GetProperty("itemId").GetString());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Summary: 5.00 from 1 verified of 1", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("*****", table.Stdout, StringComparison.Ordinal);
    }

    private static async Task<V1.Order> Get(ApiNodeProcess node, string id) => await node.Orders.GetAsync(new V1.GetOrderRequest { OrderId = id });

    private static async Task<bool> KnowsListingAsync(ApiNodeProcess node, string listingId)
    {
        try
        {
            await node.Listings.GetAsync(new V1.GetListingRequest { ListingId = listingId });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return false;
        }
    }

    private static Task WaitForStateAsync(ApiNodeProcess node, string id, params V1.OrderState[] states) =>
        EventuallyAsync(
            async () =>
            {
                V1.Order order;
                try
                {
                    order = await Get(node, id);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
                {
                    return false;
                }

                Assert.False(order.IsClosed && !states.Contains(order.State), $"The order closed as {order.State}: {order.LastError}");
                return states.Contains(order.State);
            },
            $"the order reaches {string.Join(" or ", states)}",
            StepTimeout);
}
