using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>Well-formed offer requests for tests.</summary>
internal static class ApiOffers
{
    public static V1.CreateOfferRequest Sell(long amountSats, string arbitratorNodeId, string price = "62000.50") => new()
    {
        Direction = V1.OfferDirection.Sell,
        AmountSats = amountSats,
        Price = price,
        Currency = "EUR",
        PaymentMethodId = "SEPA",
        ArbitratorNodeIds = { arbitratorNodeId },
    };

    public static V1.CreateOfferRequest Buy(long amountSats, string arbitratorNodeId, string price = "61000") => new()
    {
        Direction = V1.OfferDirection.Buy,
        AmountSats = amountSats,
        MinAmountSats = amountSats / 2,
        Price = price,
        Currency = "EUR",
        PaymentMethodId = "SEPA",
        ArbitratorNodeIds = { arbitratorNodeId },
    };
}
