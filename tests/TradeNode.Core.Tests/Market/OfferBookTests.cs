using System.Diagnostics;
using System.Security.Cryptography;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using Xunit.Abstractions;

namespace TradeNode.Core.Tests.Market;

public sealed class OfferBookTests(ITestOutputHelper output)
{
    private static readonly string[] Currencies = ["EUR", "USD", "CHF", "JPY"];
    private static readonly string[] Methods = ["SEPA", "NATIONAL_BANK", "WISE", "F2F"];

    public static TheoryData<int> Seeds => [1, 2, 3];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Filters_sort_and_paging_agree_with_a_linq_oracle(int seed)
    {
        var random = new Random(seed);
        var makers = Enumerable.Range(0, 5).Select(_ => NodeIdentity.Generate().PublicKey).ToArray();
        var offers = Enumerable.Range(0, 400).Select(i => RandomOffer(random, makers, i)).ToList();
        var book = new OfferBook();
        foreach (var offer in offers)
        {
            Assert.Equal(MarketChangeKind.Added, book.Apply(RandomItemId(), offer));
        }

        for (var q = 0; q < 60; q++)
        {
            var query = RandomQuery(random, makers);
            var expected = Oracle(offers, query);

            var pages = ReadAll(book, query);

            Assert.Equal(expected.Select(o => o.Id), pages.SelectMany(p => p.Items).Select(o => o.Id));
            Assert.All(pages, p => Assert.Equal(expected.Count, p.TotalCount));
            Assert.All(pages.SkipLast(1), p => Assert.Equal(query.PageSize, p.Items.Count));
        }
    }

    [Fact]
    public void The_default_price_order_puts_the_best_offer_first()
    {
        var maker = NodeIdentity.Generate().PublicKey;
        var book = new OfferBook();
        var random = new Random(7);
        foreach (var i in Enumerable.Range(0, 50))
        {
            book.Apply(RandomItemId(), RandomOffer(random, [maker], i) with { Currency = "EUR" });
        }

        var asks = book.List(new OfferQuery { Currency = "EUR", Direction = OfferDirection.Sell }).Items;
        var bids = book.List(new OfferQuery { Currency = "EUR", Direction = OfferDirection.Buy }).Items;

        Assert.Equal(asks.Min(o => o.Price), asks[0].Price);
        Assert.Equal(bids.Max(o => o.Price), bids[0].Price);
    }

    [Fact]
    public void A_newer_sequence_updates_an_older_is_ignored_and_another_maker_cannot_take_the_id()
    {
        var maker = NodeIdentity.Generate().PublicKey;
        var other = NodeIdentity.Generate().PublicKey;
        var book = new OfferBook();
        var first = RandomOffer(new Random(1), [maker], 0);
        var firstItem = RandomItemId();
        book.Apply(firstItem, first);

        Assert.Null(book.Apply(RandomItemId(), first with { Sequence = 1, Price = 1m }));
        Assert.Null(book.Apply(RandomItemId(), first with { MakerKey = other, MakerId = other.Id, Sequence = 9 }));
        var secondItem = RandomItemId();
        Assert.Equal(MarketChangeKind.Updated, book.Apply(secondItem, first with { Sequence = 2, Price = 2m }));

        Assert.Equal(2m, book.Get(first.Id)!.Price);
        Assert.Null(book.Remove(firstItem));
        Assert.Equal(1, book.Count);
        Assert.NotNull(book.Remove(secondItem));
        Assert.Equal(0, book.Count);
        Assert.Empty(book.List(new OfferQuery()).Items);
    }

    [Fact]
    public void A_filtered_page_over_100000_offers_is_fast()
    {
        var random = new Random(42);
        var makers = Enumerable.Range(0, 100).Select(_ => NodeIdentity.Generate().PublicKey).ToArray();
        var book = new OfferBook();
        var load = Stopwatch.StartNew();
        for (var i = 0; i < 100_000; i++)
        {
            book.Apply(RandomItemId(), RandomOffer(random, makers, i));
        }

        load.Stop();
        var query = new OfferQuery { Currency = "EUR", Direction = OfferDirection.Sell, PaymentMethodId = "SEPA", MinAmountSats = 500_000, PageSize = 50 };
        var samples = new List<double>();
        MarketPage<Offer>? page = null;
        for (var i = 0; i < 200; i++)
        {
            var watch = Stopwatch.StartNew();
            page = book.List(query);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        output.WriteLine($"Indexed 100,000 offers in {load.ElapsedMilliseconds} ms; filtered page of {page!.Items.Count} of {page.TotalCount}: p50 {samples[100]:F2} ms, p99 {samples[197]:F2} ms, max {samples[^1]:F2} ms");
        Assert.Equal(50, page.Items.Count);
        Assert.True(page.TotalCount > 50);
    }

    internal static Offer RandomOffer(Random random, NodeKey[] makers, int i)
    {
        var maker = makers[random.Next(makers.Length)];
        var amount = random.Next(10, 500) * 10_000L;
        var currency = Currencies[random.Next(Currencies.Length)];
        return new Offer
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            MakerId = maker.Id,
            MakerKey = maker,
            Direction = random.Next(2) == 0 ? OfferDirection.Buy : OfferDirection.Sell,
            AmountSats = amount,
            MinAmountSats = Math.Max(10_000, amount / random.Next(1, 5)),

            // Few distinct prices and times, so the tie-breakers are exercised.
            Price = 50_000m + (random.Next(40) * 250.5m),
            Currency = currency,
            PaymentMethodId = Methods[random.Next(Methods.Length)],
            BuyerDepositBps = 1500,
            SellerDepositBps = 1500,
            Arbitrators = [],
            Created = DateTimeOffset.UnixEpoch.AddMinutes(random.Next(30)),
            Expires = DateTimeOffset.UnixEpoch.AddDays(1),
            Sequence = 1,
        };
    }

    private static OfferQuery RandomQuery(Random random, NodeKey[] makers)
    {
        long? min = random.Next(3) == 0 ? random.Next(10, 500) * 10_000L : null;
        long? max = random.Next(3) == 0 ? (min ?? 0) + (random.Next(1, 300) * 10_000L) : null;
        return new OfferQuery
        {
            Direction = random.Next(3) switch { 0 => OfferDirection.Buy, 1 => OfferDirection.Sell, _ => null },
            Currency = random.Next(2) == 0 ? Currencies[random.Next(Currencies.Length)] : null,
            PaymentMethodId = random.Next(3) == 0 ? Methods[random.Next(Methods.Length)] : null,
            MinAmountSats = min,
            MaxAmountSats = max,
            Maker = random.Next(5) == 0 ? makers[random.Next(makers.Length)].Id : null,
            Sort = random.Next(2) == 0 ? OfferSort.Price : OfferSort.Created,
            Descending = random.Next(3) switch { 0 => true, 1 => false, _ => null },
            PageSize = random.Next(1, 60),
        };
    }

    private static List<Offer> Oracle(IEnumerable<Offer> offers, OfferQuery q)
    {
        var matching = offers.Where(o =>
            (q.Direction is null || o.Direction == q.Direction)
            && (q.Currency is null || o.Currency == q.Currency)
            && (q.PaymentMethodId is null || o.PaymentMethodId == q.PaymentMethodId)
            && (q.MinAmountSats is null || o.AmountSats >= q.MinAmountSats)
            && (q.MaxAmountSats is null || o.MinAmountSats <= q.MaxAmountSats)
            && (q.Maker is null || o.MakerId == q.Maker));
        var ordered = q.Sort == OfferSort.Price
            ? matching.OrderBy(o => o.Currency, StringComparer.Ordinal).ThenBy(o => o.Price).ThenBy(o => o.Created).ThenBy(o => o.Id, StringComparer.Ordinal).ToList()
            : [.. matching.OrderBy(o => o.Created).ThenBy(o => o.Id, StringComparer.Ordinal)];
        var descending = q.Descending ?? (q.Sort == OfferSort.Created || q.Direction == OfferDirection.Buy);
        if (descending)
        {
            ordered.Reverse();
        }

        return ordered;
    }

    private static List<MarketPage<Offer>> ReadAll(OfferBook book, OfferQuery query)
    {
        var pages = new List<MarketPage<Offer>>();
        string? token = null;
        do
        {
            var page = book.List(query with { PageToken = token });
            pages.Add(page);
            token = page.NextPageToken;
            Assert.True(pages.Count <= 1_000);
        }
        while (token is not null);
        return pages;
    }

    private static ItemId RandomItemId() => new(RandomNumberGenerator.GetBytes(32));
}
