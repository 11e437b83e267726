using TradeNode.Api.V1;
using TradeNode.Core.Market;
using TradeNode.Core.Trades.Goods;
using TradeNode.P2P.Identity;
using CoreRole = TradeNode.Core.Trades.Goods.OrderRole;
using CoreState = TradeNode.Core.Trades.Goods.OrderState;
using Order = TradeNode.Api.V1.Order;
using OrderRole = TradeNode.Api.V1.OrderRole;
using OrderState = TradeNode.Api.V1.OrderState;

namespace TradeNode.Api.Mapping;

/// <summary>Goods orders between Core and the API.</summary>
internal static class OrderMapping
{
    /// <summary>
    /// The API form of <paramref name="order"/>; the shipping address only on the vendor's side. <paramref name="nextAction"/>
    /// and <paramref name="disputePossibleAfter"/> are the order service's (they depend on its clock and response period).
    /// </summary>
    public static Order ToOrder(GoodsOrder order, string escrowAddress, string nextAction, DateTimeOffset? disputePossibleAfter)
    {
        ArgumentNullException.ThrowIfNull(order);
        var result = new Order
        {
            OrderId = order.Id,
            Role = order.IsBuyer ? OrderRole.Buyer : OrderRole.Vendor,
            State = ToState(order.State),
            NextAction = nextAction,
            ListingId = order.ListingId,
            ListingTitle = order.ListingTitle,
            Quantity = order.Quantity,
            ShippingOption = order.ShippingOption,
            UnitPriceSats = order.UnitPriceSats,
            ShippingSats = order.ShippingSats,
            AmountSats = order.AmountSats,
            EscrowAddress = escrowAddress ?? string.Empty,
            FundingTxid = order.FundingTxid,
            FundingIndex = order.FundingIndex,
            FundingConfirmed = order.FundingConfirmedAt is not null,
            PayoutTxid = order.PayoutTxid,
            RefundTxid = order.RefundTxid,
            ShippingAddress = order.IsBuyer ? string.Empty : order.ShippingAddress,
            TrackingNote = order.TrackingNote,
            RefundReason = order.RefundReason,
            CounterpartyNodeId = NodeKey.TryCreate(order.PeerKey, out var peer) ? peer.Id.ToString() : string.Empty,
            ArbitratorNodeId = order.Contract.Length > 0 ? order.ArbitratorNodeKey.Id.ToString() : string.Empty,
            LastError = order.LastError,
            IsClosed = order.IsClosed,
            CreatedAt = CommonMapping.ToTimestamp(order.Created),
            UpdatedAt = CommonMapping.ToTimestamp(order.Updated),
        };
        if (order.FiatTotal is { } fiat && order.Rate is { } rate)
        {
            result.FiatTotal = Currencies.Format(fiat.Amount);
            result.Currency = fiat.Currency;
            result.Rate = Currencies.Format(rate);
        }

        if (disputePossibleAfter is { } from)
        {
            result.DisputePossibleAfter = CommonMapping.ToTimestamp(from);
        }

        return result;
    }

    /// <summary>Open, closed or both, from the List filter.</summary>
    public static bool? ToOpen(OrderStatusFilter status) => status switch
    {
        OrderStatusFilter.Open => true,
        OrderStatusFilter.Closed => false,
        _ => null,
    };

    /// <summary>The Core role asked for; null for both.</summary>
    public static CoreRole? ToRole(OrderRole role) => role switch
    {
        OrderRole.Buyer => CoreRole.Buyer,
        OrderRole.Vendor => CoreRole.Vendor,
        _ => null,
    };

    public static OrderState ToState(CoreState state) => state switch
    {
        CoreState.Funding => OrderState.Funding,
        CoreState.Funded => OrderState.Funded,
        CoreState.Accepted => OrderState.Accepted,
        CoreState.Fulfilled => OrderState.Fulfilled,
        CoreState.PayoutSigned => OrderState.PayoutSigned,
        CoreState.PayoutPublished => OrderState.PayoutPublished,
        CoreState.Completed => OrderState.Completed,
        CoreState.RefundSigned => OrderState.RefundSigned,
        CoreState.RefundPublished => OrderState.RefundPublished,
        CoreState.Refunded => OrderState.Refunded,
        CoreState.Declined => OrderState.Declined,
        CoreState.Refused => OrderState.Refused,
        CoreState.Failed => OrderState.Failed,
        CoreState.EscrowNeedsDispute => OrderState.EscrowNeedsDispute,
        CoreState.AwaitingFunding => OrderState.AwaitingFunding,
        CoreState.Disputed => OrderState.Disputed,
        CoreState.Resolved => OrderState.Resolved,
        _ => OrderState.Unspecified,
    };
}
