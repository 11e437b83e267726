using TradeNode.P2P.Identity;

namespace TradeNode.Core.Market.Offers;

/// <summary>Filters, order and page of an offer book query. Every filter left null matches everything.</summary>
public sealed record OfferQuery
{
    /// <summary>Only offers of this direction.</summary>
    public OfferDirection? Direction { get; init; }

    /// <summary>Only offers in this ISO 4217 currency.</summary>
    public string? Currency { get; init; }

    /// <summary>Only offers with this payment method id.</summary>
    public string? PaymentMethodId { get; init; }

    /// <summary>Only offers whose amount range reaches at least this many satoshis (their maximum is at least this).</summary>
    public long? MinAmountSats { get; init; }

    /// <summary>Only offers whose amount range starts at or below this many satoshis (their minimum is at most this).</summary>
    public long? MaxAmountSats { get; init; }

    /// <summary>Only offers of this maker.</summary>
    public NodeId? Maker { get; init; }

    /// <summary>The order; price by default.</summary>
    public OfferSort Sort { get; init; } = OfferSort.Price;

    /// <summary>
    /// Descending order. Null picks the best first: by price, ascending (cheapest asks first) except when only buy
    /// offers are asked for (highest bids first); by creation time, newest first.
    /// </summary>
    public bool? Descending { get; init; }

    /// <summary>Offers per page, 1 to 500; 0 means 100.</summary>
    public int PageSize { get; init; }

    /// <summary>The token of the previous page's <see cref="MarketPage{T}.NextPageToken"/>, or null for the first page.</summary>
    public string? PageToken { get; init; }

    /// <summary>True when <paramref name="offer"/> passes every filter (order and paging aside).</summary>
    public bool Matches(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return (Direction is null || offer.Direction == Direction)
            && (Currency is null || offer.Currency == Currency)
            && (PaymentMethodId is null || offer.PaymentMethodId == PaymentMethodId)
            && (MinAmountSats is null || offer.AmountSats >= MinAmountSats)
            && (MaxAmountSats is null || offer.MinAmountSats <= MaxAmountSats)
            && (Maker is null || offer.MakerId == Maker);
    }

    /// <summary>Whether the order is descending once the default is applied.</summary>
    public bool IsDescending => Descending ?? (Sort == OfferSort.Created || Direction == OfferDirection.Buy);
}
