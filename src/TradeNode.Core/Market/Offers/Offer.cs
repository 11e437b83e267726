using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;

namespace TradeNode.Core.Market.Offers;

/// <summary>
/// A currency-exchange offer as the book holds it: the decoded body of a signed OFFER item plus what the item
/// itself says (maker, sequence, expiry). Immutable; a refresh or change is a new instance.
/// </summary>
public sealed record Offer
{
    /// <summary>The offer id: the item key, 32 lowercase hex characters.</summary>
    public required string Id { get; init; }

    /// <summary>The maker's node id.</summary>
    public required NodeId MakerId { get; init; }

    /// <summary>The maker's Ed25519 key, which signed the item.</summary>
    public required NodeKey MakerKey { get; init; }

    /// <summary>Buy or sell bitcoin, from the maker's side.</summary>
    public required OfferDirection Direction { get; init; }

    /// <summary>The largest trade amount in satoshis.</summary>
    public required long AmountSats { get; init; }

    /// <summary>The smallest trade amount in satoshis.</summary>
    public required long MinAmountSats { get; init; }

    /// <summary>Fixed price in fiat per bitcoin, exact.</summary>
    public required decimal Price { get; init; }

    /// <summary>ISO 4217 code.</summary>
    public required string Currency { get; init; }

    /// <summary>Payment method id (see <see cref="PaymentMethods"/>).</summary>
    public required string PaymentMethodId { get; init; }

    /// <summary>Security deposit of the bitcoin buyer in basis points.</summary>
    public required int BuyerDepositBps { get; init; }

    /// <summary>Security deposit of the bitcoin seller in basis points.</summary>
    public required int SellerDepositBps { get; init; }

    /// <summary>Accepted arbitrators, in the maker's order.</summary>
    public required IReadOnlyList<NodeId> Arbitrators { get; init; }

    /// <summary>Free text from the maker (payment hints, hours).</summary>
    public string Terms { get; init; } = string.Empty;

    /// <summary>
    /// The id of the signed item holding this version (SHA-256 of its content); default when the book does not
    /// hold the item (an own offer that expired while the node was down).
    /// </summary>
    public ItemId Version { get; init; }

    /// <summary>When the maker created the offer (refreshes keep it).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When the currently published version expires unless refreshed.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>The sequence of the published version (each refresh adds one).</summary>
    public required ulong Sequence { get; init; }

    /// <summary>Fiat paid for the minimum amount, rounded to the currency's minor units.</summary>
    public decimal MinFiatAmount => FiatFor(MinAmountSats);

    /// <summary>Fiat paid for the maximum amount, rounded to the currency's minor units.</summary>
    public decimal MaxFiatAmount => FiatFor(AmountSats);

    /// <summary>The payment method's maximum trade period.</summary>
    public TimeSpan MaxTradePeriod => PaymentMethods.Find(PaymentMethodId)?.MaxTradePeriod ?? TimeSpan.Zero;

    /// <summary>The buyer's deposit for a trade of <paramref name="amountSats"/>, rounded up to whole satoshis.</summary>
    public long BuyerDepositSats(long amountSats) => DepositSats(amountSats, BuyerDepositBps);

    /// <summary>The seller's deposit for a trade of <paramref name="amountSats"/>, rounded up to whole satoshis.</summary>
    public long SellerDepositSats(long amountSats) => DepositSats(amountSats, SellerDepositBps);

    /// <summary>Fiat paid for <paramref name="amountSats"/> at this offer's price, rounded to the currency's minor units.</summary>
    public decimal FiatFor(long amountSats) => Currencies.Round(amountSats * Price / 100_000_000m, Currency);

    internal static long DepositSats(long amountSats, int bps) => (long)(((Int128)amountSats * bps + 9_999) / 10_000);
}
