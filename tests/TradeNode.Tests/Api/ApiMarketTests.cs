using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>Offers, listings and arbitrators through the API of real node processes, across nodes over loopback P2P.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiMarketTests() : ApiProcessTestBase("market")
{
    private const string Password = "correct horse battery";
    private const long Coin = 100_000_000;

    private static readonly string UnknownId = new('a', 32);

    [Fact]
    public async Task An_offer_made_on_a_reaches_b_and_leaves_b_on_cancel_and_when_a_stops_refreshing()
    {
        var a = await StartFundedAsync("a", "--offer-ttl", "3s", "--name", "alice");
        var b = await StartNodeAsync("b", "--seed-peer", a.P2PAddress);
        using var watch = b.Offers.Watch(new V1.WatchOffersRequest { Filter = new V1.OfferFilter { Currency = "EUR" } });

        var offer = (await a.Offers.CreateAsync(ApiOffers.Buy(Coin, b.NodeId))).Offer;
        await EventuallyAsync(async () => (await b.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches b");
        var onB = await b.Offers.GetAsync(new V1.GetOfferRequest { OfferId = offer.OfferId });
        var filtered = await b.Offers.ListAsync(new V1.ListOffersRequest { Filter = new V1.OfferFilter { Direction = V1.OfferDirection.Sell } });
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => b.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = offer.OfferId }).ResponseAsync, "another");
        using var watchTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await watch.ResponseStream.MoveNext(watchTimeout.Token));
        var added = watch.ResponseStream.Current;

        await a.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = offer.OfferId });
        await EventuallyAsync(async () => (await b.Offers.ListAsync(new V1.ListOffersRequest())).Offers.All(o => o.OfferId != offer.OfferId), "the cancellation reaches b");

        var second = (await a.Offers.CreateAsync(ApiOffers.Buy(2 * Coin, b.NodeId))).Offer;
        await EventuallyAsync(async () => (await b.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == second.OfferId), "the second offer reaches b");
        await EventuallyAsync(
            async () => (await b.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == second.OfferId && o.ExpiresAt.ToDateTimeOffset() > second.ExpiresAt.ToDateTimeOffset()),
            "a refreshes the offer before it expires");
        await a.KillAsync();
        await EventuallyAsync(async () => (await b.Offers.ListAsync(new V1.ListOffersRequest())).Offers.All(o => o.OfferId != second.OfferId), "the offer expires on b once a is gone");

        Assert.Equal(a.NodeId, offer.MakerNodeId);
        Assert.True(offer.IsMine);
        Assert.Equal("61000", offer.Price.Amount);
        Assert.Equal("61000", offer.MaxFiat.Amount);
        Assert.Equal("30500", offer.MinFiat.Amount);
        Assert.Equal(6 * 24 * 3600, offer.MaxTradePeriodSeconds);
        Assert.False(onB.IsMine);
        Assert.Equal(offer.AmountSats, onB.AmountSats);
        Assert.Equal("SEPA instant only, 9-17 CET.", onB.Terms);
        Assert.Equal("alice", onB.MakerName);
        Assert.Empty(filtered.Offers);
        Assert.Equal(V1.ChangeKind.Added, added.Kind);
        Assert.Equal(offer.OfferId, added.Offer.OfferId);
    }

    [Fact]
    public async Task Offer_calls_name_the_bad_field_and_unknown_ids_are_not_found()
    {
        var a = await StartFundedAsync("a");
        var good = ApiOffers.Buy(Coin, a.NodeId);

        await ApiAssert.InvalidAsync("price", () => a.Offers.CreateAsync(Change(good, r => r.Price = "12,5")).ResponseAsync);
        await ApiAssert.InvalidAsync("direction", () => a.Offers.CreateAsync(Change(good, r => r.Direction = V1.OfferDirection.Unspecified)).ResponseAsync);
        await ApiAssert.InvalidAsync("amount_sats", () => a.Offers.CreateAsync(Change(good, r => r.AmountSats = -5)).ResponseAsync);
        await ApiAssert.InvalidAsync("payment_method_id", () => a.Offers.CreateAsync(Change(good, r => r.PaymentMethodId = "CARRIER_PIGEON")).ResponseAsync);
        await ApiAssert.InvalidAsync("arbitrators", () => a.Offers.CreateAsync(Change(good, r => r.ArbitratorNodeIds.Clear())).ResponseAsync);
        await ApiAssert.InvalidAsync("offer_id", () => a.Offers.GetAsync(new V1.GetOfferRequest { OfferId = "nope" }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => a.Offers.GetAsync(new V1.GetOfferRequest { OfferId = UnknownId }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => a.Offers.CancelAsync(new V1.CancelOfferRequest { OfferId = UnknownId }).ResponseAsync);
        await ApiAssert.InvalidAsync("maker_node_id", () => a.Offers.ListAsync(new V1.ListOffersRequest { Filter = new V1.OfferFilter { MakerNodeId = "tn1bogus" } }).ResponseAsync);
        await ApiAssert.InvalidAsync("page_size", () => a.Offers.ListAsync(new V1.ListOffersRequest { Page = new V1.PageRequest { PageSize = 501 } }).ResponseAsync);
        var methods = await a.Offers.ListPaymentMethodsAsync(new V1.ListPaymentMethodsRequest());
        var created = await a.Offers.CreateAsync(good);
        var page = await a.Offers.ListAsync(new V1.ListOffersRequest { Filter = new V1.OfferFilter { Currency = "EUR", MakerNodeId = a.NodeId }, Page = new V1.PageRequest { PageSize = 1 } });

        Assert.Contains(methods.PaymentMethods, m => m.Id == "SEPA" && m.Currencies.Contains("EUR") && m.MaxTradePeriodSeconds == 6 * 24 * 3600);
        Assert.Equal(created.Offer.OfferId, Assert.Single(page.Offers).OfferId);
        Assert.Equal(1, page.Page.TotalCount);
        Assert.Single((await a.Offers.ListMineAsync(new V1.ListMyOffersRequest())).Offers);
    }

    [Fact]
    public async Task An_own_offer_is_edited_under_its_id_and_bad_edits_change_nothing()
    {
        var a = await StartFundedAsync("a");
        var offer = (await a.Offers.CreateAsync(ApiOffers.Buy(Coin, a.NodeId))).Offer;

        await ApiAssert.InvalidAsync("price", () => a.Offers.UpdateAsync(new V1.UpdateOfferRequest { OfferId = offer.OfferId, Offer = Change(ApiOffers.Buy(Coin, a.NodeId), r => r.Price = "12,5") }).ResponseAsync);
        await ApiAssert.InvalidAsync("offer", () => a.Offers.UpdateAsync(new V1.UpdateOfferRequest { OfferId = offer.OfferId }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => a.Offers.UpdateAsync(new V1.UpdateOfferRequest { OfferId = UnknownId, Offer = ApiOffers.Buy(Coin, a.NodeId) }).ResponseAsync);
        var unchanged = await a.Offers.GetAsync(new V1.GetOfferRequest { OfferId = offer.OfferId });
        var edited = (await a.Offers.UpdateAsync(new V1.UpdateOfferRequest { OfferId = offer.OfferId, Offer = ApiOffers.Buy(2 * Coin, a.NodeId, price: "63000") })).Offer;
        var mine = Assert.Single((await a.Offers.ListMineAsync(new V1.ListMyOffersRequest())).Offers);

        Assert.Equal("61000", unchanged.Price.Amount);
        Assert.Equal(Coin, unchanged.AmountSats);
        Assert.Equal(offer.OfferId, edited.OfferId);
        Assert.Equal(2 * Coin, edited.AmountSats);
        Assert.Equal("63000", edited.Price.Amount);
        Assert.Equal(2 * Coin, mine.AmountSats);
        Assert.Equal("63000", mine.Price.Amount);
    }

    [Fact]
    public async Task A_listing_is_found_by_text_and_tag_on_another_node_follows_updates_and_leaves_on_delete()
    {
        var a = await StartNodeAsync("a", "--insecure-kdf", "--name", "vera");
        var b = await StartNodeAsync("b", "--seed-peer", a.P2PAddress);
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => a.Listings.CreateAsync(new V1.CreateListingRequest { Content = Content(a.NodeId) }).ResponseAsync, "wallet");
        await a.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await ApiAssert.InvalidAsync("title", () => a.Listings.CreateAsync(new V1.CreateListingRequest { Content = Change(Content(a.NodeId), c => c.Title = string.Empty) }).ResponseAsync);
        await ApiAssert.InvalidAsync("content.price", () => a.Listings.CreateAsync(new V1.CreateListingRequest { Content = Change(Content(a.NodeId), c => c.Price = null) }).ResponseAsync);
        await ApiAssert.InvalidAsync("content", () => a.Listings.CreateAsync(new V1.CreateListingRequest()).ResponseAsync);

        var listing = (await a.Listings.CreateAsync(new V1.CreateListingRequest { Content = Content(a.NodeId) })).Listing;
        await EventuallyAsync(async () => (await SearchAsync(b, "walnut")).Any(l => l.ListingId == listing.ListingId), "b finds the listing by a word of its title");
        var byTag = await b.Listings.SearchAsync(new V1.SearchListingsRequest { Query = new V1.ListingQuery { Tags = { "woodwork" } } });
        var noMatch = await SearchAsync(b, "titanium");
        var updated = (await a.Listings.UpdateAsync(new V1.UpdateListingRequest { ListingId = listing.ListingId, Content = Change(Content(a.NodeId), c => c.Title = "Oak chopping board") })).Listing;
        await EventuallyAsync(async () => (await SearchAsync(b, "oak")).Any(l => l.ListingId == listing.ListingId && l.Sequence == 2), "the update reaches b");
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => b.Listings.DeleteAsync(new V1.DeleteListingRequest { ListingId = listing.ListingId }).ResponseAsync);
        await ApiAssert.FailsAsync(StatusCode.NotFound, () => a.Listings.GetAsync(new V1.GetListingRequest { ListingId = UnknownId }).ResponseAsync);
        await a.Listings.DeleteAsync(new V1.DeleteListingRequest { ListingId = listing.ListingId });
        await EventuallyAsync(async () => (await SearchAsync(b, "oak")).Count == 0, "the deletion reaches b");

        Assert.True(listing.IsMine);
        Assert.StartsWith("tpub", listing.VendorEscrowXpub, StringComparison.Ordinal);
        Assert.Equal(a.NodeId, listing.VendorNodeId);
        Assert.Equal(listing.ListingId, Assert.Single(byTag.Listings).ListingId);
        Assert.False(byTag.Listings[0].IsMine);
        Assert.Equal("vera", byTag.Listings[0].VendorName);
        Assert.Equal(25_000, byTag.Listings[0].Content.Price.Sats);
        Assert.Empty(noMatch);
        Assert.Equal(2ul, updated.Sequence);
        Assert.Matches("^[0-9a-f]{64}$", listing.VersionHash);
        Assert.NotEqual(listing.VersionHash, updated.VersionHash);
        Assert.Equal("Oak chopping board", updated.Content.Title);
    }

    [Fact]
    public async Task A_node_registers_as_arbitrator_with_its_wallets_escrow_key_and_other_nodes_list_it()
    {
        var a = await StartNodeAsync("a", "--insecure-kdf");
        var b = await StartNodeAsync("b", "--seed-peer", a.P2PAddress);
        var request = new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 150, Languages = { "en", "de" }, Description = "Weekdays 9-17 CET." };
        await ApiAssert.FailsAsync(StatusCode.FailedPrecondition, () => a.Arbitrators.RegisterAsync(request).ResponseAsync, "wallet");
        await a.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await ApiAssert.InvalidAsync("fee_bps", () => a.Arbitrators.RegisterAsync(Change(request, r => r.FeeBps = 5000)).ResponseAsync);
        await ApiAssert.InvalidAsync("languages", () => a.Arbitrators.RegisterAsync(Change(request, r => r.Languages.Clear())).ResponseAsync);

        var registered = (await a.Arbitrators.RegisterAsync(request)).Arbitrator;
        await EventuallyAsync(async () => (await b.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Any(p => p.NodeId == a.NodeId), "b learns the arbitrator");
        var onB = (await b.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Single(p => p.NodeId == a.NodeId);
        var info = await a.Node.GetInfoAsync(new V1.GetInfoRequest());

        Assert.True(registered.IsMine);
        Assert.Equal(150, registered.FeeBps);
        Assert.Equal(["en", "de"], registered.Languages);
        Assert.StartsWith("tpub", registered.EscrowXpub, StringComparison.Ordinal);
        Assert.False(onB.IsMine);
        Assert.Equal(registered.EscrowXpub, onB.EscrowXpub);
        Assert.Equal("Ada", onB.Name);
        Assert.True(info.IsArbitrator);
    }

    [Fact]
    public async Task A_restart_keeps_the_wallet_the_offers_and_the_listings()
    {
        var a = await StartFundedAsync("a");
        var offer = (await a.Offers.CreateAsync(ApiOffers.Buy(Coin, a.NodeId))).Offer;
        var listing = (await a.Listings.CreateAsync(new V1.CreateListingRequest { Content = Content(a.NodeId) })).Listing;
        var balance = await a.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());
        Assert.Equal(0, await a.StopAsync());

        var restarted = await StartNodeAsync("a", "--insecure-kdf");
        var status = await restarted.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
        var offers = await restarted.Offers.ListMineAsync(new V1.ListMyOffersRequest());
        var listings = await restarted.Listings.ListMineAsync(new V1.ListMyListingsRequest());
        var book = await restarted.Offers.GetAsync(new V1.GetOfferRequest { OfferId = offer.OfferId });

        Assert.True(status.Exists);
        Assert.False(status.Unlocked);
        Assert.Equal(balance, status.Balance);
        Assert.Equal(offer.OfferId, Assert.Single(offers.Offers).OfferId);
        Assert.Equal(offer.OfferId, book.OfferId);
        Assert.Equal(listing.ListingId, Assert.Single(listings.Listings).ListingId);
        Assert.Equal(listing.Content, (await restarted.Listings.GetAsync(new V1.GetListingRequest { ListingId = listing.ListingId })).Content);
    }

    [Fact]
    public async Task Kill_9_during_a_burst_of_offer_creation_loses_no_offer_the_api_confirmed()
    {
        var a = await StartNodeAsync("a", "--insecure-kdf");
        await a.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await a.Wallet.FundAsync(new V1.FundRequest { Blocks = 140 });
        var confirmed = new List<string>();
        var burst = Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                try
                {
                    var created = await a.Offers.CreateAsync(ApiOffers.Buy(Coin / 10, a.NodeId, price: $"{60000 + i}"));
                    lock (confirmed)
                    {
                        confirmed.Add(created.Offer.OfferId);
                    }
                }
                catch (RpcException)
                {
                    return;
                }
            }
        });
        await EventuallyAsync(() => Task.FromResult(Count(confirmed) >= 8), "a few offers are confirmed");
        await a.KillAsync();
        await burst;

        var restarted = await StartNodeAsync("a", "--insecure-kdf");
        var mine = (await restarted.Offers.ListMineAsync(new V1.ListMyOffersRequest())).Offers.Select(o => o.OfferId).ToHashSet();
        var balance = await restarted.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());

        Assert.True(confirmed.Count < 40, "the kill interrupted the burst");
        Assert.All(confirmed, id => Assert.Contains(id, mine));
        Assert.True(balance.HeldByOffersSats >= confirmed.Count * (Coin / 10 * 15 / 100), $"the holds survived: {balance.HeldByOffersSats}");
    }

    [Fact]
    public async Task Stop_ends_open_watch_streams_cleanly_and_the_node_exits_with_code_0()
    {
        var a = await StartNodeAsync("a");
        using var offers = a.Offers.Watch(new V1.WatchOffersRequest());
        using var listings = a.Listings.Watch(new V1.WatchListingsRequest());
        using var wallet = a.Wallet.Watch(new V1.WatchWalletRequest());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.True(await wallet.ResponseStream.MoveNext(timeout.Token));

        await a.Node.StopAsync(new V1.StopRequest());

        Assert.False(await offers.ResponseStream.MoveNext(timeout.Token));
        Assert.False(await listings.ResponseStream.MoveNext(timeout.Token));
        Assert.False(await wallet.ResponseStream.MoveNext(timeout.Token));
        Assert.Equal(0, await a.WaitForExitAsync());
    }

    private async Task<ApiNodeProcess> StartFundedAsync(string name, params string[] args)
    {
        var node = await StartNodeAsync(name, ["--insecure-kdf", .. args]);
        await node.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await node.Wallet.FundAsync(new V1.FundRequest { Blocks = 105 });
        return node;
    }

    private static async Task<IReadOnlyList<V1.Listing>> SearchAsync(ApiNodeProcess node, string text) =>
        (await node.Listings.SearchAsync(new V1.SearchListingsRequest { Query = new V1.ListingQuery { Text = text } })).Listings;

    private static V1.ListingContent Content(string arbitrator) => new()
    {
        Title = "Walnut chopping board",
        Description = "Hand-made from one piece of walnut, oiled.",
        Tags = { "kitchen", "woodwork" },
        Condition = V1.ItemCondition.New,
        Price = new V1.Price { Sats = 25_000 },
        Quantity = 3,
        ShippingOptions = { new V1.ShippingOption { Name = "Post", Regions = { "DE", "AT" }, Price = new V1.Price { Sats = 2_000 } } },
        ArbitratorNodeIds = { arbitrator },
        Terms = "Ships within 3 days.",
        RefundPolicy = "Returns within 14 days.",
    };

    private static T Change<T>(T message, Action<T> change)
        where T : Google.Protobuf.IMessage<T>
    {
        var copy = message.Clone();
        change(copy);
        return copy;
    }

    private static int Count(List<string> list)
    {
        lock (list)
        {
            return list.Count;
        }
    }
}
