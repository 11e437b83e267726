using System.Security.Cryptography;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Tests.Market;

/// <summary>Valid drafts to start tests from.</summary>
internal static class Drafts
{
    public static readonly string Arbitrator = NodeIdentity.Generate().Id.ToString();

    public static readonly string Xpub = ExtKey.CreateFromSeed(SHA256.HashData("market tests"u8)).Neuter().ToString(Network.RegTest);

    public static OfferDraft Offer(OfferDirection direction = OfferDirection.Sell, long amountSats = 1_000_000, decimal price = 60_000m, string currency = "EUR") => new()
    {
        Direction = direction,
        AmountSats = amountSats,
        MinAmountSats = amountSats / 2,
        Price = price,
        Currency = currency,
        PaymentMethodId = currency == "EUR" ? "SEPA" : "NATIONAL_BANK",
        BuyerDepositBps = 1500,
        SellerDepositBps = 1500,
        Arbitrators = [Arbitrator],
    };

    public static ListingDraft Listing(string title = "Hand-made wooden chess set", params string[] tags) => new()
    {
        Title = title,
        Description = "Walnut and maple pieces, felt-lined box.",
        Tags = tags.Length == 0 ? ["chess", "wood"] : tags,
        Condition = ListingCondition.New,
        Price = ListingPrice.InSats(250_000),
        Quantity = 3,
        Shipping = [new ShippingOption("Standard post", ["DE", "AT"], ListingPrice.InSats(20_000)), new ShippingOption("Courier", ["WORLD"], ListingPrice.InSats(60_000))],
        Arbitrators = [Arbitrator],
        Terms = "Ships within 3 days.",
        RefundPolicy = "Returns within 14 days.",
        EscrowXpub = Xpub,
    };
}
