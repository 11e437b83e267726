using TradeNode.Api.V1;
using TradeNode.Core.Trades.Currency;
using CoreSide = TradeNode.Core.Trades.Currency.TradeSide;
using CoreState = TradeNode.Core.Trades.Currency.TradeState;
using Trade = TradeNode.Api.V1.Trade;
using TradeRole = TradeNode.Api.V1.TradeRole;
using TradeSide = TradeNode.Api.V1.TradeSide;
using TradeState = TradeNode.Api.V1.TradeState;

namespace TradeNode.Api.Mapping;

/// <summary>Currency trades between Core and the API.</summary>
internal static class TradeMapping
{
    public static Trade ToTrade(TradeDetails details, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        var trade = details.Trade;
        var result = new Trade
        {
            TradeId = trade.Id,
            OfferId = trade.OfferId,
            Role = trade.IsMaker ? TradeRole.Maker : TradeRole.Taker,
            Side = trade.Side == CoreSide.Buyer ? TradeSide.Buyer : TradeSide.Seller,
            State = ToState(trade.State),
            AmountSats = trade.AmountSats,
            BuyerDepositSats = details.BuyerDepositSats,
            SellerDepositSats = details.SellerDepositSats,
            EscrowSats = details.EscrowSats,
            PaymentMethodId = details.PaymentMethodId,
            CounterpartyNodeId = details.CounterpartyNodeId,
            ArbitratorNodeId = details.ArbitratorNodeId,
            EscrowAddress = details.EscrowAddress,
            DepositTxid = trade.DepositTxid,
            PayoutTxid = trade.PayoutTxid,
            IsPastDeadline = trade.IsPastDeadline(now),
            LastError = trade.LastError,
            NextAction = details.NextAction,
            MyPaymentAccount = trade.PaymentAccount,
            CounterpartyPaymentAccount = details.CounterpartyPaymentAccount,
            IsClosed = trade.IsClosed,
            CreatedAt = CommonMapping.ToTimestamp(trade.Created),
            UpdatedAt = CommonMapping.ToTimestamp(trade.Updated),
        };
        if (details.FiatAmount is { } fiat)
        {
            result.FiatAmount = CommonMapping.ToFiat(fiat, details.Currency);
        }

        if (details.Price is { } price)
        {
            result.Price = CommonMapping.ToFiat(price, details.Currency);
        }

        if (trade.Deadline is { } deadline)
        {
            result.Deadline = CommonMapping.ToTimestamp(deadline);
        }

        return result;
    }

    /// <summary>Open, closed or both, from the List filter.</summary>
    public static bool? ToOpen(TradeStatusFilter status) => status switch
    {
        TradeStatusFilter.Open => true,
        TradeStatusFilter.Closed => false,
        _ => null,
    };

    /// <summary>True when <paramref name="trade"/> has the role asked for (any role when unspecified).</summary>
    public static bool HasRole(CurrencyTrade trade, TradeRole role) => role switch
    {
        TradeRole.Maker => trade.IsMaker,
        TradeRole.Taker => !trade.IsMaker,
        _ => true,
    };

    public static TradeState ToState(CoreState state) => state switch
    {
        CoreState.TakeRequested => TradeState.TakeRequested,
        CoreState.Accepted => TradeState.Accepted,
        CoreState.DepositSigned => TradeState.DepositSigned,
        CoreState.DepositPublished => TradeState.DepositPublished,
        CoreState.DepositConfirmed => TradeState.DepositConfirmed,
        CoreState.PaymentSent => TradeState.PaymentSent,
        CoreState.PayoutProposed => TradeState.PayoutProposed,
        CoreState.PayoutPublished => TradeState.PayoutPublished,
        CoreState.Completed => TradeState.Completed,
        CoreState.Refused => TradeState.Refused,
        CoreState.Cancelled => TradeState.Cancelled,
        CoreState.Failed => TradeState.Failed,
        CoreState.Disputed => TradeState.Disputed,
        CoreState.Resolved => TradeState.Resolved,
        _ => TradeState.Unspecified,
    };
}
