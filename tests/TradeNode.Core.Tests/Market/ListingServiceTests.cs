using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;

namespace TradeNode.Core.Tests.Market;

/// <summary>ListingService on one real node: search order and filters, Watch, persistence of own listings.</summary>
public sealed class ListingServiceTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"listings-{Guid.NewGuid():N}");
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
    public async Task Search_filters_by_price_condition_and_vendor_and_sorts_by_price_and_relevance()
    {
        var node = await StartAsync("a");
        var cheap = await node.Listings.CreateAsync(Drafts.Listing("Chess clock", "chess") with { Price = ListingPrice.InSats(50_000), Condition = ListingCondition.Used });
        var dear = await node.Listings.CreateAsync(Drafts.Listing("Antique board", "antique") with { Price = ListingPrice.InSats(900_000), Description = "For chess." });
        var fiat = await node.Listings.CreateAsync(Drafts.Listing("Chess lessons", "lessons") with { Price = ListingPrice.InFiat("EUR", 30m), Shipping = [], Condition = ListingCondition.Digital });

        Assert.Equal([cheap.Id, dear.Id, fiat.Id], node.Listings.Search(new ListingQuery { Sort = ListingSort.Price }).Items.Select(l => l.Id));
        Assert.Equal([fiat.Id, dear.Id, cheap.Id], node.Listings.Search(new ListingQuery { Sort = ListingSort.PriceDescending }).Items.Select(l => l.Id));
        Assert.Equal(
            new[] { cheap, dear, fiat }.OrderByDescending(l => l.Created).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id),
            node.Listings.Search(new ListingQuery { Sort = ListingSort.Newest }).Items.Select(l => l.Id));
        Assert.Equal([cheap.Id], node.Listings.Search(new ListingQuery { MaxPriceSats = 100_000 }).Items.Select(l => l.Id));
        Assert.Equal([dear.Id], node.Listings.Search(new ListingQuery { MinPriceSats = 100_000 }).Items.Select(l => l.Id));
        Assert.Equal([fiat.Id], node.Listings.Search(new ListingQuery { Condition = ListingCondition.Digital }).Items.Select(l => l.Id));
        Assert.Equal(3, node.Listings.Search(new ListingQuery { Vendor = node.Node.Identity.Id }).TotalCount);

        // "chess" is in two titles (and one tag) but only in the description of the antique board.
        var relevant = node.Listings.Search(new ListingQuery { Text = "chess", PageSize = 2 });
        Assert.Equal(3, relevant.TotalCount);
        Assert.Equal(cheap.Id, relevant.Items[0].Id);
        Assert.Equal(fiat.Id, relevant.Items[1].Id);
        Assert.Equal([dear.Id], node.Listings.Search(new ListingQuery { Text = "chess", PageSize = 2, PageToken = relevant.NextPageToken }).Items.Select(l => l.Id));
        Assert.Equal("page_token", Assert.Throws<InvalidInputException>(() => node.Listings.Search(new ListingQuery { PageToken = "bogus" })).Field);
    }

    [Fact]
    public async Task Watch_reports_added_updated_and_removed_listings_that_match()
    {
        var node = await StartAsync("a");
        using var cts = new CancellationTokenSource(Poll.Deadline);
        await using var changes = node.Listings.WatchAsync(new ListingQuery { Text = "chess" }, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = changes.MoveNextAsync();

        await node.Listings.CreateAsync(Drafts.Listing("Garden chair", "garden"));
        var listing = await node.Listings.CreateAsync(Drafts.Listing("Chess set", "chess"));
        Assert.True(await next);
        var added = changes.Current;
        await node.Listings.UpdateAsync(listing.Id, Drafts.Listing("Chess set, now with clock", "chess"));
        Assert.True(await changes.MoveNextAsync());
        var updated = changes.Current;
        await node.Listings.DeleteAsync(listing.Id);
        Assert.True(await changes.MoveNextAsync());
        var removed = changes.Current;

        Assert.Equal((MarketChangeKind.Added, "Chess set"), (added.Kind, added.Listing.Title));
        Assert.Equal((MarketChangeKind.Updated, "Chess set, now with clock"), (updated.Kind, updated.Listing.Title));
        Assert.Equal((MarketChangeKind.Removed, listing.Id), (removed.Kind, removed.Listing.Id));
    }

    [Fact]
    public async Task Own_listings_survive_a_restart_and_unknown_ids_are_not_found()
    {
        var node = await StartAsync("a");
        var listing = await node.Listings.CreateAsync(Drafts.Listing());
        _nodes.Remove(node);
        await node.DisposeAsync();

        var restarted = await StartAsync("a");

        Assert.Equal([listing.Id], restarted.Listings.ListMine().Select(l => l.Id));
        Assert.Equal(listing.Title, restarted.Listings.Get(listing.Id).Title);
        Assert.Throws<NotFoundException>(() => restarted.Listings.Get(new string('0', 32)));
        await Assert.ThrowsAsync<NotFoundException>(() => restarted.Listings.UpdateAsync(new string('0', 32), Drafts.Listing()));
        var invalid = await Assert.ThrowsAsync<InvalidInputException>(() => restarted.Listings.UpdateAsync(listing.Id, Drafts.Listing() with { Title = "" }));
        Assert.Equal("title", invalid.Field);
        Assert.Equal(1UL, restarted.Listings.Get(listing.Id).Sequence);
    }

    [Fact]
    public async Task Own_listings_and_the_arbitrator_profile_are_refreshed_before_they_expire()
    {
        var node = await StartAsync("a", new MarketOptions { ListingTtl = TimeSpan.FromSeconds(3), ArbitratorTtl = TimeSpan.FromSeconds(3) });
        using var cts = new CancellationTokenSource();
        var listings = node.Listings.RunAsync(cts.Token);
        var arbitrators = node.Arbitrators.RunAsync(cts.Token);
        var listing = await node.Listings.CreateAsync(Drafts.Listing());
        await node.Arbitrators.RegisterAsync(new TradeNode.Core.Market.Arbitrators.ArbitratorDraft { FeeBps = 10, Languages = ["en"], EscrowXpub = Drafts.Xpub });

        await Poll.UntilAsync(() => node.Listings.Book.Get(listing.Id)?.Sequence >= 4, "the listing is republished past its first expiry");
        await Poll.UntilAsync(() => node.Arbitrators.Get(node.Node.Identity.Id).Sequence >= 4, "the profile is republished past its first expiry");
        await cts.CancelAsync();
        await Task.WhenAll(listings, arbitrators);

        Assert.Equal(listing.Created, node.Listings.Get(listing.Id).Created);
        Assert.True(node.Listings.Get(listing.Id).Published > listing.Published);
    }

    private async Task<MarketNode> StartAsync(string name, MarketOptions? options = null)
    {
        var node = await MarketNode.StartAsync(Path.Combine(_root, name), options);
        _nodes.Add(node);
        return node;
    }
}
