using Google.Protobuf;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Tests.Market;

/// <summary>OfferService on one real node: reservations, persistence, the book fed from the item store, Watch.</summary>
public sealed class OfferServiceTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"offers-{Guid.NewGuid():N}");
    private readonly List<MarketNode> _nodes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_sell_offer_reserves_amount_and_deposit_and_cancel_releases_it()
    {
        var node = await StartAsync("a");

        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000));

        Assert.Equal(1_150_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
        Assert.Equal(offer, node.Offers.Get(offer.Id));
        Assert.Equal(node.Node.Identity.Id, offer.MakerId);
        Assert.Equal(1UL, offer.Sequence);
        Assert.Equal(ItemId.Compute(node.Node.Store.Find(node.Node.Identity.PublicKey, ItemKind.Offer, offer.Id)!.Content.Span), offer.Version);
        Assert.Equal(300m, offer.MinFiatAmount);
        Assert.Equal(600m, offer.MaxFiatAmount);
        Assert.Equal(TimeSpan.FromDays(6), offer.MaxTradePeriod);
        Assert.Single(node.Offers.ListMine(), o => o.Id == offer.Id);

        await node.Offers.CancelAsync(offer.Id);

        Assert.Empty(node.Reserver.Reserved);
        Assert.Throws<NotFoundException>(() => node.Offers.Get(offer.Id));
        Assert.Empty(node.Offers.ListMine());
        Assert.Null(node.Node.Store.Find(node.Node.Identity.PublicKey, ItemKind.Offer, offer.Id));
        await Assert.ThrowsAsync<NotFoundException>(() => node.Offers.CancelAsync(offer.Id));
    }

    [Fact]
    public async Task A_buy_offer_reserves_the_buyer_deposit_only()
    {
        var node = await StartAsync("a");

        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Buy, amountSats: 2_000_000) with { BuyerDepositBps = 2000 });

        Assert.Equal(400_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
    }

    [Fact]
    public async Task Without_funds_or_with_invalid_input_nothing_is_published_or_reserved()
    {
        var node = await StartAsync("a", new RecordingCoinReserver(balanceSats: 500_000));
        var before = node.Node.Store.GetByKind(ItemKind.Offer).Count;

        await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000)));
        var invalid = await Assert.ThrowsAsync<InvalidInputException>(() => node.Offers.CreateAsync(Drafts.Offer() with { Currency = "euro" }));

        Assert.Equal("currency", invalid.Field);
        Assert.Empty(node.Reserver.Reserved);
        Assert.Equal(before, node.Node.Store.GetByKind(ItemKind.Offer).Count);
        Assert.Equal(0, node.Offers.Book.Count);
        Assert.Empty(node.Offers.ListMine());
    }

    [Fact]
    public async Task Another_makers_offer_cannot_be_cancelled_and_unknown_or_malformed_ids_are_errors()
    {
        var node = await StartAsync("a");
        using var other = NodeIdentity.Generate();
        var body = OfferCodec.Validate(Drafts.Offer(), DateTimeOffset.UtcNow);
        var id = new string('b', 32);
        var item = node.Node.Builder.Build(other, ItemKind.Offer, id, 1, body.ToByteArray(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        Assert.True(node.Node.Store.Add(item, DateTimeOffset.UtcNow).IsStored);

        Assert.Equal(other.Id, node.Offers.Get(id).MakerId);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.CancelAsync(id));
        Assert.Throws<NotFoundException>(() => node.Offers.Get(new string('c', 32)));
        Assert.Equal("offer_id", Assert.Throws<InvalidInputException>(() => node.Offers.Get("not-an-id")).Field);
    }

    [Fact]
    public async Task Editing_an_offer_republishes_it_with_the_next_sequence_and_the_hold_follows_the_amount()
    {
        var node = await StartAsync("a");
        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000));

        var edited = await node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Sell, amountSats: 2_000_000) with { Price = 61_000m, Terms = "edited" });

        Assert.Equal(offer.Id, edited.Id);
        Assert.Equal(2UL, edited.Sequence);
        Assert.Equal(2_000_000, edited.AmountSats);
        Assert.Equal(61_000m, edited.Price);
        Assert.Equal("edited", edited.Terms);
        Assert.Equal(edited, node.Offers.Get(offer.Id));
        Assert.Equal(1, node.Offers.Book.Count);
        Assert.Equal(2_300_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
        Assert.Single(node.Reserver.Reserved);
        Assert.Equal(2UL, ItemContent.Parser.ParseFrom(node.Node.Store.Find(node.Node.Identity.PublicKey, ItemKind.Offer, offer.Id)!.Content).Sequence);

        var buy = await node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Buy, amountSats: 2_000_000) with { BuyerDepositBps = 2000 });

        Assert.Equal(3UL, buy.Sequence);
        Assert.Equal(400_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
        Assert.Single(node.Offers.ListMine(), o => o.Id == offer.Id && o.Sequence == 3);

        await node.Offers.CancelAsync(offer.Id);
        Assert.Empty(node.Reserver.Reserved);
    }

    [Fact]
    public async Task A_refused_hold_or_bad_input_leaves_the_offer_and_its_hold_unchanged()
    {
        var node = await StartAsync("a", new RecordingCoinReserver(balanceSats: 2_000_000));
        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Sell, amountSats: 1_800_000)));
        var invalid = await Assert.ThrowsAsync<InvalidInputException>(() => node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Sell, amountSats: 500_000) with { Currency = "euro" }));

        Assert.Equal("currency", invalid.Field);
        Assert.Equal(offer, node.Offers.Get(offer.Id));
        Assert.Equal(1UL, node.Offers.Get(offer.Id).Sequence);
        Assert.Equal(1_150_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
        Assert.Equal(1UL, ItemContent.Parser.ParseFrom(node.Node.Store.Find(node.Node.Identity.PublicKey, ItemKind.Offer, offer.Id)!.Content).Sequence);
    }

    [Fact]
    public async Task An_edit_that_fails_to_publish_puts_the_old_hold_back()
    {
        var node = await StartAsync("a");
        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Sell, amountSats: 2_000_000), cancelled.Token));

        Assert.Equal(1_150_000, node.Reserver.Reserved[$"offer/{offer.Id}"]);
        Assert.Equal(1UL, node.Offers.Get(offer.Id).Sequence);
        Assert.Equal(1_000_000, node.Offers.ListMine().Single().AmountSats);
    }

    [Fact]
    public async Task Another_makers_offer_an_unknown_id_or_an_offer_being_taken_cannot_be_edited()
    {
        var node = await StartAsync("a");
        using var other = NodeIdentity.Generate();
        var body = OfferCodec.Validate(Drafts.Offer(), DateTimeOffset.UtcNow);
        var foreign = new string('b', 32);
        var item = node.Node.Builder.Build(other, ItemKind.Offer, foreign, 1, body.ToByteArray(), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        Assert.True(node.Node.Store.Add(item, DateTimeOffset.UtcNow).IsStored);
        var offer = await node.Offers.CreateAsync(Drafts.Offer(OfferDirection.Sell, amountSats: 1_000_000));

        await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.UpdateAsync(foreign, Drafts.Offer()));
        await Assert.ThrowsAsync<NotFoundException>(() => node.Offers.UpdateAsync(new string('c', 32), Drafts.Offer()));
        Assert.Equal("offer_id", (await Assert.ThrowsAsync<InvalidInputException>(() => node.Offers.UpdateAsync("not-an-id", Drafts.Offer()))).Field);
        Assert.Equal(1UL, node.Offers.Get(foreign).Sequence);

        // Taking the offer turns its hold into a trade's reservation: the offer can no longer be edited.
        node.Reserver.Release($"offer/{offer.Id}");
        var taken = await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.UpdateAsync(offer.Id, Drafts.Offer(OfferDirection.Sell, amountSats: 500_000)));

        Assert.Contains("being taken", taken.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, node.Offers.Get(offer.Id).Sequence);
        Assert.Empty(node.Reserver.Reserved);
    }

    [Fact]
    public async Task Offers_from_the_store_are_listed_as_a_linq_oracle_says()
    {
        var node = await StartAsync("a");
        var random = new Random(5);
        var authors = Enumerable.Range(0, 4).Select(_ => NodeIdentity.Generate()).ToList();
        var now = DateTimeOffset.UtcNow;
        var items = new List<SignedItem>();
        var expected = new List<(string Id, NodeKey Maker, OfferDraft Draft)>();
        for (var i = 0; i < 300; i++)
        {
            var author = authors[i % authors.Count];
            var draft = Drafts.Offer(random.Next(2) == 0 ? OfferDirection.Buy : OfferDirection.Sell, random.Next(1, 100) * 100_000L, 50_000m + random.Next(100), random.Next(2) == 0 ? "EUR" : "USD");
            var id = Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(32, '0');
            items.Add(node.Node.Builder.Build(author, ItemKind.Offer, id, 1, OfferCodec.Validate(draft, now).ToByteArray(), now, TimeSpan.FromMinutes(5)));
            expected.Add((id, author.PublicKey, draft));
        }

        Assert.All(node.Node.Store.AddRange(items, now), a => Assert.True(a.IsStored, a.Detail));
        var query = new OfferQuery { Currency = "EUR", Direction = OfferDirection.Sell, MinAmountSats = 3_000_000, PageSize = 7 };

        var listed = new List<Offer>();
        string? token = null;
        do
        {
            var page = node.Offers.List(query with { PageToken = token });
            listed.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null && listed.Count < 1_000);

        var oracle = expected
            .Where(e => e.Draft.Currency == "EUR" && e.Draft.Direction == OfferDirection.Sell && e.Draft.AmountSats >= 3_000_000)
            .OrderBy(e => e.Draft.Price).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => e.Id);
        Assert.Equal(300, node.Offers.Book.Count);
        Assert.Equal(oracle, listed.Select(o => o.Id));
        Assert.All(listed, o => Assert.Equal(expected.Single(e => e.Id == o.Id).Maker, o.MakerKey));
    }

    [Fact]
    public async Task A_malformed_offer_body_in_the_store_is_ignored()
    {
        var node = await StartAsync("a");
        using var other = NodeIdentity.Generate();
        var now = DateTimeOffset.UtcNow;
        var garbage = node.Node.Builder.Build(other, ItemKind.Offer, new string('d', 32), 1, [0xff, 0xff, 0xff], now, TimeSpan.FromMinutes(5));
        var invalidBody = OfferCodec.Validate(Drafts.Offer(), now);
        invalidBody.SellerDepositBps = 1;
        var invalid = node.Node.Builder.Build(other, ItemKind.Offer, new string('e', 32), 1, invalidBody.ToByteArray(), now, TimeSpan.FromMinutes(5));
        var badKey = node.Node.Builder.Build(other, ItemKind.Offer, "not-an-offer-id", 1, OfferCodec.Validate(Drafts.Offer(), now).ToByteArray(), now, TimeSpan.FromMinutes(5));

        Assert.All(node.Node.Store.AddRange([garbage, invalid, badKey], now), a => Assert.True(a.IsStored));
        var created = await node.Offers.CreateAsync(Drafts.Offer());

        Assert.Equal([created.Id], node.Offers.List(new OfferQuery()).Items.Select(o => o.Id));
        await using var reopened = await ReopenBookAsync(node);
        Assert.Equal(1, reopened.Offers.Book.Count);
    }

    [Fact]
    public async Task A_makers_replacement_that_does_not_decode_ends_the_older_version()
    {
        var node = await StartAsync("a");
        using var other = NodeIdentity.Generate();
        var now = DateTimeOffset.UtcNow;
        var id = new string('f', 32);
        var good = node.Node.Builder.Build(other, ItemKind.Offer, id, 1, OfferCodec.Validate(Drafts.Offer(), now).ToByteArray(), now, TimeSpan.FromMinutes(5));
        Assert.True(node.Node.Store.Add(good, now).IsStored);
        Assert.NotNull(node.Offers.Book.Get(id));

        var broken = node.Node.Builder.Build(other, ItemKind.Offer, id, 2, [0x0a, 0xff], now, TimeSpan.FromMinutes(5));
        Assert.True(node.Node.Store.Add(broken, now).IsStored);

        Assert.Null(node.Offers.Book.Get(id));
    }

    [Fact]
    public async Task An_offer_the_store_rejects_releases_its_reservation()
    {
        var node = await StartAsync("a");
        var quota = node.Node.Builder.Policy.Get(ItemKind.Offer).QuotaPerAuthor;
        for (var i = 0; i < quota; i++)
        {
            await node.Offers.CreateAsync(Drafts.Offer(amountSats: 20_000));
        }

        var error = await Assert.ThrowsAsync<PreconditionFailedException>(() => node.Offers.CreateAsync(Drafts.Offer(amountSats: 20_000)));

        Assert.Contains("offer", error.Message, StringComparison.Ordinal);
        Assert.Equal(quota, node.Reserver.Reserved.Count);
        Assert.Equal(quota, node.Offers.ListMine().Count);
    }

    [Fact]
    public async Task Watch_yields_added_then_removed()
    {
        var node = await StartAsync("a");
        using var cts = new CancellationTokenSource(Poll.Deadline);
        await using var changes = node.Offers.WatchAsync(new OfferQuery { Currency = "EUR" }, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = changes.MoveNextAsync();

        await node.Offers.CreateAsync(Drafts.Offer(currency: "USD"));
        var offer = await node.Offers.CreateAsync(Drafts.Offer(currency: "EUR"));
        Assert.True(await first);
        var added = changes.Current;
        await node.Offers.CancelAsync(offer.Id);
        Assert.True(await changes.MoveNextAsync());
        var removed = changes.Current;

        Assert.Equal((MarketChangeKind.Added, offer.Id), (added.Kind, added.Offer.Id));
        Assert.Equal((MarketChangeKind.Removed, offer.Id), (removed.Kind, removed.Offer.Id));
    }

    [Fact]
    public async Task After_a_restart_own_offers_are_still_mine_and_refreshed()
    {
        var options = new MarketOptions { OfferTtl = TimeSpan.FromSeconds(3) };
        var node = await StartAsync("a", options: options);
        var offer = await node.Offers.CreateAsync(Drafts.Offer());
        _nodes.Remove(node);
        await node.DisposeAsync();

        var restarted = await StartAsync("a", options: options);
        using var cts = new CancellationTokenSource();
        var run = restarted.Offers.RunAsync(cts.Token);

        Assert.Equal([offer.Id], restarted.Offers.ListMine().Select(o => o.Id));
        await Poll.UntilAsync(() => restarted.Offers.Book.Get(offer.Id)?.Sequence >= 3, "the restarted node refreshes its offer twice");
        Assert.Equal(offer.Created, restarted.Offers.Get(offer.Id).Created);
        await cts.CancelAsync();
        await run;
        await restarted.Offers.CancelAsync(offer.Id);
        Assert.Empty(restarted.Offers.ListMine());
    }

    [Fact]
    public async Task A_hold_that_no_offer_names_is_released_on_restart_and_the_offers_own_hold_is_kept()
    {
        var reserver = new RecordingCoinReserver();
        var node = await StartAsync("a", reserver);
        var offer = await node.Offers.CreateAsync(Drafts.Offer());
        // As if the node had stopped between holding the funds of a second offer and recording that offer.
        reserver.Hold("offer/0123456789abcdef0123456789abcdef", 500_000);
        reserver.Reserve("trade/elsewhere", 1_000);
        _nodes.Remove(node);
        await node.DisposeAsync();

        var restarted = await StartAsync("a", reserver);

        Assert.Equal([$"offer/{offer.Id}", "trade/elsewhere"], reserver.Reserved.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([$"offer/{offer.Id}"], reserver.HoldIds());
        Assert.Equal([offer.Id], restarted.Offers.ListMine().Select(o => o.Id));
    }

    private async Task<MarketNode> StartAsync(string name, RecordingCoinReserver? reserver = null, MarketOptions? options = null)
    {
        var node = await MarketNode.StartAsync(Path.Combine(_root, name), options, reserver);
        _nodes.Add(node);
        return node;
    }

    private async Task<MarketNode> ReopenBookAsync(MarketNode node)
    {
        _nodes.Remove(node);
        await node.DisposeAsync();
        return await MarketNode.StartAsync(node.Directory);
    }
}
