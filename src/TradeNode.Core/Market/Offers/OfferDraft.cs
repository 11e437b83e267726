namespace TradeNode.Core.Market.Offers;

/// <summary>What a maker fills in to create an offer; <see cref="OfferService.CreateAsync"/> checks every field.</summary>
public sealed record OfferDraft
{
    /// <summary>Buy or sell bitcoin.</summary>
    public OfferDirection Direction { get; init; }

    /// <summary>The largest trade amount in satoshis.</summary>
    public long AmountSats { get; init; }

    /// <summary>The smallest trade amount a taker may choose; 0 means <see cref="AmountSats"/> (no range).</summary>
    public long MinAmountSats { get; init; }

    /// <summary>Fixed price in fiat per bitcoin, exact.</summary>
    public decimal Price { get; init; }

    /// <summary>ISO 4217 code, e.g. "EUR".</summary>
    public string Currency { get; init; } = string.Empty;

    /// <summary>An id of <see cref="PaymentMethods.All"/>.</summary>
    public string PaymentMethodId { get; init; } = string.Empty;

    /// <summary>Security deposit of the bitcoin buyer in basis points (1500 = 15%); 0 means <see cref="OfferRules.DefaultDepositBps"/>.</summary>
    public int BuyerDepositBps { get; init; } = 1500;

    /// <summary>Security deposit of the bitcoin seller in basis points; 0 means <see cref="OfferRules.DefaultDepositBps"/>.</summary>
    public int SellerDepositBps { get; init; } = 1500;

    /// <summary>Node ids ("tn1...") of the accepted arbitrators; need not be known yet, but must be well formed.</summary>
    public IReadOnlyList<string> Arbitrators { get; init; } = [];

    /// <summary>Free text for takers (payment hints, hours), at most 500 characters.</summary>
    public string Terms { get; init; } = string.Empty;
}
