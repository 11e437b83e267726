using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.P2P.Identity;
using CoreDirection = TradeNode.Core.Market.Offers.OfferDirection;
using CoreOffer = TradeNode.Core.Market.Offers.Offer;
using CorePaymentMethod = TradeNode.Core.Market.Offers.PaymentMethod;
using CoreSort = TradeNode.Core.Market.Offers.OfferSort;
using OfferDraft = TradeNode.Core.Market.Offers.OfferDraft;
using OfferQuery = TradeNode.Core.Market.Offers.OfferQuery;

namespace TradeNode.Api.Mapping;

/// <summary>Offers, their filters and payment methods between the API and Core.</summary>
internal static class OfferMapping
{
    public static Offer ToOffer(CoreOffer offer, NodeId self, NodeNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(offer);
        var result = new Offer
        {
            OfferId = offer.Id,
            MakerNodeId = offer.MakerId.ToString(),
            MakerName = names.Of(offer.MakerKey.ToHex()),
            Direction = offer.Direction == CoreDirection.Buy ? OfferDirection.Buy : OfferDirection.Sell,
            AmountSats = offer.AmountSats,
            MinAmountSats = offer.MinAmountSats,
            Price = CommonMapping.ToFiat(offer.Price, offer.Currency),
            PaymentMethodId = offer.PaymentMethodId,
            BuyerDepositBps = offer.BuyerDepositBps,
            SellerDepositBps = offer.SellerDepositBps,
            MinFiat = CommonMapping.ToFiat(offer.MinFiatAmount, offer.Currency),
            MaxFiat = CommonMapping.ToFiat(offer.MaxFiatAmount, offer.Currency),
            MaxTradePeriodSeconds = (long)offer.MaxTradePeriod.TotalSeconds,
            CreatedAt = CommonMapping.ToTimestamp(offer.Created),
            ExpiresAt = CommonMapping.ToTimestamp(offer.Expires),
            IsMine = offer.MakerId == self,
            Terms = offer.Terms,
        };
        result.ArbitratorNodeIds.AddRange(offer.Arbitrators.Select(a => a.ToString()));
        return result;
    }

    public static OfferDraft ToDraft(CreateOfferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Currencies.TryParseDecimal(request.Price, out var price))
        {
            throw new InvalidInputException("price", $"The field price must be a decimal fiat amount per bitcoin such as 62000.50, not '{request.Price}'.");
        }

        return new OfferDraft
        {
            Direction = request.Direction switch
            {
                OfferDirection.Buy => CoreDirection.Buy,
                OfferDirection.Sell => CoreDirection.Sell,
                _ => throw new InvalidInputException("direction", "The field direction must be BUY or SELL."),
            },
            AmountSats = request.AmountSats,
            MinAmountSats = request.MinAmountSats,
            Price = price,
            Currency = request.Currency,
            PaymentMethodId = request.PaymentMethodId,
            BuyerDepositBps = request.BuyerDepositBps == 0 ? 1500 : request.BuyerDepositBps,
            SellerDepositBps = request.SellerDepositBps == 0 ? 1500 : request.SellerDepositBps,
            Arbitrators = [.. request.ArbitratorNodeIds],
            Terms = request.Terms,
        };
    }

    /// <summary>The Core query of a filter, order and page; fields are named as in the request ("filter.currency").</summary>
    public static OfferQuery ToQuery(OfferFilter? filter, OfferSort sort, PageRequest? page)
    {
        filter ??= new OfferFilter();
        var (coreSort, descending) = sort switch
        {
            OfferSort.Unspecified => (CoreSort.Price, (bool?)null),
            OfferSort.PriceAscending => (CoreSort.Price, false),
            OfferSort.PriceDescending => (CoreSort.Price, true),
            OfferSort.Newest => (CoreSort.Created, true),
            _ => throw new InvalidInputException("sort", "The field sort is not a known order."),
        };
        return new OfferQuery
        {
            Direction = filter.Direction switch
            {
                OfferDirection.Unspecified => null,
                OfferDirection.Buy => CoreDirection.Buy,
                OfferDirection.Sell => CoreDirection.Sell,
                _ => throw new InvalidInputException("filter.direction", "The field filter.direction must be BUY, SELL or unset."),
            },
            Currency = NullIfEmpty(filter.Currency),
            PaymentMethodId = NullIfEmpty(filter.PaymentMethodId),
            MinAmountSats = filter.MinAmountSats == 0 ? null : filter.MinAmountSats,
            MaxAmountSats = filter.MaxAmountSats == 0 ? null : filter.MaxAmountSats,
            Maker = CommonMapping.ParseNodeId(filter.MakerNodeId, "filter.maker_node_id"),
            Sort = coreSort,
            Descending = descending,
            PageSize = page?.PageSize ?? 0,
            PageToken = NullIfEmpty(page?.PageToken),
        };
    }

    public static PaymentMethod ToPaymentMethod(CorePaymentMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        var result = new PaymentMethod
        {
            Id = method.Id,
            Name = method.DisplayName,
            MaxTradePeriodSeconds = (long)method.MaxTradePeriod.TotalSeconds,
        };
        result.Currencies.AddRange(method.Currencies);
        return result;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
