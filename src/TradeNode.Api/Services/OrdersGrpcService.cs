using Grpc.Core;
using TradeNode.Api.Mapping;
using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.Core.Node;
using TradeNode.Core.Trades.Goods;
using Order = TradeNode.Api.V1.Order;

namespace TradeNode.Api.Services;

/// <summary>The Orders service over the runtime's <see cref="OrderService"/>; the protocol between the nodes runs in Core.</summary>
public sealed class OrdersGrpcService(NodeRuntime runtime, ApiShutdown shutdown) : V1.Orders.OrdersBase
{
    public override async Task<PlaceOrderResponse> PlaceOrder(PlaceOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(request.ListingId))
        {
            throw new InvalidInputException("listing_id", "The field listing_id is required.");
        }

        var order = await runtime.Orders.PlaceOrderAsync(request.ListingId.Trim(), request.Quantity, request.ShippingOption, request.ShippingAddress,
            request.ArbitratorNodeId.Trim(), request.Note, request.Rate, context.CancellationToken).ConfigureAwait(false);
        return new PlaceOrderResponse { Order = await ToApiAsync(order, context.CancellationToken).ConfigureAwait(false) };
    }

    public override async Task<Order> Accept(AcceptOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Orders.AcceptAsync(RequireId(request.OrderId), context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order> Decline(DeclineOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Orders.DeclineAsync(RequireId(request.OrderId), request.Reason, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order> MarkFulfilled(MarkFulfilledRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Orders.MarkFulfilledAsync(RequireId(request.OrderId), request.TrackingNote, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order> ConfirmReceipt(ConfirmReceiptRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Orders.ConfirmReceiptAsync(RequireId(request.OrderId), context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order> Refund(RefundOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(await runtime.Orders.RefundAsync(RequireId(request.OrderId), request.Reason, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<Order> Get(GetOrderRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return await ToApiAsync(runtime.Orders.Get(RequireId(request.OrderId)), context.CancellationToken).ConfigureAwait(false);
    }

    public override async Task<ListOrdersResponse> List(ListOrdersRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var response = new ListOrdersResponse();
        foreach (var order in runtime.Orders.List(OrderMapping.ToOpen(request.Status), OrderMapping.ToRole(request.Role)))
        {
            response.Orders.Add(await ToApiAsync(order, context.CancellationToken).ConfigureAwait(false));
        }

        return response;
    }

    /// <summary>Subscribes, then sends the response headers (so a client knows it will miss nothing from now on), then every change.</summary>
    public override async Task Watch(WatchOrdersRequest request, IServerStreamWriter<Order> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, shutdown.Stopping);
        var changes = runtime.Orders.WatchAsync(ending.Token).GetAsyncEnumerator(ending.Token);
        try
        {
            var next = changes.MoveNextAsync();
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            while (await next.ConfigureAwait(false))
            {
                await responseStream.WriteAsync(await ToApiAsync(changes.Current.Order, ending.Token).ConfigureAwait(false), ending.Token).ConfigureAwait(false);
                next = changes.MoveNextAsync();
            }
        }
        catch (OperationCanceledException) when (shutdown.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The node is stopping: the stream ends with OK.
        }
        finally
        {
            await changes.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The request's order id; an empty one is INVALID_ARGUMENT rather than NOT_FOUND.</summary>
    private static string RequireId(string orderId) =>
        string.IsNullOrWhiteSpace(orderId) ? throw new InvalidInputException("order_id", "The field order_id is required.") : orderId.Trim();

    /// <summary>The API form of <paramref name="order"/>, with its transactions' confirmations read from the chain now.</summary>
    private async Task<Order> ToApiAsync(GoodsOrder order, CancellationToken cancellationToken)
    {
        var result = OrderMapping.ToOrder(order, runtime.Orders.EscrowAddress(order), runtime.Orders.NextActionNow(order), runtime.Orders.DisputePossibleAfter(order));
        var confirmations = await runtime.Orders.GetConfirmationsAsync(order, cancellationToken).ConfigureAwait(false);
        result.FundingConfirmations = confirmations.Funding;
        result.PayoutConfirmations = confirmations.Payout;
        result.RefundConfirmations = confirmations.Refund;
        return result;
    }
}
