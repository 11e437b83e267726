using System.Globalization;
using Google.Protobuf;
using TradeNode.Core.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Node.Benchmarks;

/// <summary>
/// Writes a market of offers into a node's item store before the node starts, as if peers had sent them: 100 offers
/// (the per-author quota) from each of count/100 makers, in four currencies with matching payment methods, both
/// directions, prices and amounts spread out. Items use the testing proof of work, so the node runs with
/// <c>--item-pow-bits 2</c>.
/// </summary>
internal static class OfferSeeder
{
    private static readonly (string Currency, string Method, decimal Price)[] Markets =
        [("EUR", "SEPA", 62_000m), ("USD", "ZELLE", 68_000m), ("GBP", "WISE", 53_000m), ("CHF", "REVOLUT", 60_000m)];

    public static int Seed(string dataDirectory, int count, string arbitratorId)
    {
        Directory.CreateDirectory(dataDirectory);
        var builder = new ItemBuilder(ItemPolicy.Testing);
        var now = DateTimeOffset.UtcNow;
        var makers = (count + 99) / 100;
        var items = new SignedItem[count];
        Parallel.For(0, makers, maker =>
        {
            using var identity = NodeIdentity.FromSeed(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(maker)));
            for (var i = maker * 100; i < Math.Min(count, (maker + 1) * 100); i++)
            {
                var (currency, method, price) = Markets[i % Markets.Length];
                var amount = 100_000L + (i * 7919L % 5_000_000L);
                var body = new OfferBody
                {
                    Direction = i % 3 == 0 ? OfferDirection.Buy : OfferDirection.Sell,
                    AmountSats = amount,
                    MinAmountSats = Math.Max(10_000, amount / 4),
                    Price = (price + (i % 2000)).ToString("0.00", CultureInfo.InvariantCulture),
                    Currency = currency,
                    PaymentMethod = method,
                    BuyerDepositBps = 1500,
                    SellerDepositBps = 1500,
                    CreatedUnixMs = now.ToUnixTimeMilliseconds(),
                };
                body.Arbitrators.Add(arbitratorId);
                var key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))[..16]);
                items[i] = builder.Build(identity, ItemKind.Offer, key, 1, body.ToByteArray(), now, TimeSpan.FromDays(1));
            }
        });

        using var store = new ItemStore(Path.Combine(dataDirectory, "items.db"), ItemPolicy.Testing);
        var stored = 0;
        foreach (var batch in items.Chunk(5000))
        {
            stored += store.AddRange(batch, now).Count(a => a.Status == ItemAcceptanceStatus.Stored);
        }

        return stored;
    }
}
