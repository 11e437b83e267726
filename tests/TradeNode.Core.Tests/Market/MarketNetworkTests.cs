using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;

namespace TradeNode.Core.Tests.Market;

/// <summary>Two real nodes over loopback: what one publishes, the other's book shows, updates and loses.</summary>
public sealed class MarketNetworkTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"market-{Guid.NewGuid():N}");
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
    public async Task An_offer_made_on_a_appears_in_bs_book_and_cancel_removes_it()
    {
        var (a, b) = await StartPairAsync();

        var offer = await a.Offers.CreateAsync(Drafts.Offer(OfferDirection.Buy, currency: "USD"));

        await Poll.UntilAsync(() => b.Offers.Book.Get(offer.Id) is not null, "b's book has a's offer");
        var seen = b.Offers.List(new OfferQuery { Currency = "USD", Direction = OfferDirection.Buy }).Items.Single();
        Assert.Equal(offer, seen with { Arbitrators = offer.Arbitrators });
        Assert.Equal(offer.Arbitrators, seen.Arbitrators);
        Assert.Empty(b.Offers.ListMine());

        await a.Offers.CancelAsync(offer.Id);

        await Poll.UntilAsync(() => b.Offers.Book.Get(offer.Id) is null, "the tombstone removes the offer from b's book");
    }

    [Fact]
    public async Task An_offer_lives_while_its_maker_refreshes_it_and_vanishes_after_its_ttl_when_it_stops()
    {
        var options = new MarketOptions { OfferTtl = TimeSpan.FromSeconds(3) };
        var (a, b) = await StartPairAsync(options);
        using var running = new CancellationTokenSource();
        var refresh = a.Offers.RunAsync(running.Token);
        var offer = await a.Offers.CreateAsync(Drafts.Offer());
        await Poll.UntilAsync(() => b.Offers.Book.Get(offer.Id) is not null, "b's book has a's offer");

        await Poll.UntilAsync(() => b.Offers.Book.Get(offer.Id)?.Sequence >= 4, "a's refreshes reach b past the first version's expiry");
        Assert.True(DateTimeOffset.UtcNow > offer.Expires);
        await running.CancelAsync();
        await refresh;

        await Poll.UntilAsync(() => b.Offers.Book.Get(offer.Id) is null, "the offer expires from b's book", TimeSpan.FromSeconds(15));
        Assert.Equal(0, b.Offers.List(new OfferQuery()).TotalCount);
    }

    [Fact]
    public async Task Listings_are_found_across_nodes_by_text_and_tag_updated_and_deleted()
    {
        var (a, b) = await StartPairAsync();
        var chess = await a.Listings.CreateAsync(Drafts.Listing("Hand-made wooden chess set", "chess", "wood"));
        var lamp = await a.Listings.CreateAsync(Drafts.Listing("Brass desk lamp", "lighting", "brass") with { Description = "A lamp for a chess player's desk." });
        await Poll.UntilAsync(() => b.Listings.Book.Count == 2, "b has both listings");

        Assert.Equal([chess.Id, lamp.Id], b.Listings.Search(new ListingQuery { Text = "CHESS" }).Items.Select(l => l.Id));
        Assert.Equal([lamp.Id], b.Listings.Search(new ListingQuery { Text = "chess lamp" }).Items.Select(l => l.Id));
        Assert.Equal([chess.Id], b.Listings.Search(new ListingQuery { Tags = ["wood", "chess"] }).Items.Select(l => l.Id));
        Assert.Empty(b.Listings.Search(new ListingQuery { Tags = ["wood", "brass"] }).Items);

        var updated = await a.Listings.UpdateAsync(chess.Id, Drafts.Listing("Marble chess set", "chess", "marble"));

        Assert.Equal(2UL, updated.Sequence);
        Assert.Equal(chess.Created, updated.Created);
        await Poll.UntilAsync(() => b.Listings.Book.Get(chess.Id)?.Title == "Marble chess set", "b sees the update");
        Assert.Equal(2, b.Listings.Book.Count);
        Assert.Empty(b.Listings.Search(new ListingQuery { Text = "wooden" }).Items);
        Assert.Equal([chess.Id], b.Listings.Search(new ListingQuery { Tags = ["marble"] }).Items.Select(l => l.Id));

        await a.Listings.DeleteAsync(lamp.Id);

        await Poll.UntilAsync(() => b.Listings.Book.Get(lamp.Id) is null, "b loses the deleted listing");
        Assert.Equal([chess.Id], a.Listings.ListMine().Select(l => l.Id));
        await Assert.ThrowsAsync<TradeNode.Core.Errors.PreconditionFailedException>(() => b.Listings.DeleteAsync(chess.Id));
    }

    [Fact]
    public async Task A_registered_arbitrator_is_listed_on_the_other_node_and_re_registering_replaces_it()
    {
        var (a, b) = await StartPairAsync();

        await a.Arbitrators.RegisterAsync(new ArbitratorDraft { FeeBps = 50, Languages = ["en", "de"], Description = "Ten years of escrow disputes.", EscrowXpub = Drafts.Xpub });
        await Poll.UntilAsync(() => b.Arbitrators.IsKnown(a.Node.Identity.Id), "b knows a's profile");
        await a.Arbitrators.RegisterAsync(new ArbitratorDraft { Name = "Alice Arbiter", FeeBps = 75, Languages = ["en"], EscrowXpub = Drafts.Xpub });

        await Poll.UntilAsync(() => b.Arbitrators.Get(a.Node.Identity.Id).FeeBps == 75, "b sees the new profile");
        var profile = Assert.Single(b.Arbitrators.List());
        Assert.Equal(["en"], profile.Languages);
        Assert.Equal("Alice Arbiter", profile.Name);
        Assert.Equal(2UL, profile.Sequence);
        Assert.Equal(Drafts.Xpub, profile.EscrowXpub);
        Assert.False(b.Arbitrators.IsKnown(b.Node.Identity.Id));
    }

    private async Task<(MarketNode A, MarketNode B)> StartPairAsync(MarketOptions? options = null)
    {
        var a = await MarketNode.StartAsync(Path.Combine(_root, "a"), options);
        _nodes.Add(a);
        var b = await MarketNode.StartAsync(Path.Combine(_root, "b"), options, seeds: a.Node.ListenAddress);
        _nodes.Add(b);
        await Poll.UntilAsync(() => b.Node.Transport.FindLink(a.Node.Transport.NodeKey) is not null, "b connects to a");
        return (a, b);
    }
}
