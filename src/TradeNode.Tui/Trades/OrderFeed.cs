using Grpc.Core;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// This node's goods orders as the whole app sees them: one Orders.Watch stream (opened before the list is read, so
/// no change falls between them). A broken stream is opened again a few seconds later. Raised on the UI loop.
/// </summary>
public sealed class OrderFeed
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly TuiSession _session;
    private readonly Dictionary<string, Order> _orders = [];
    private bool _started;

    public OrderFeed(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <summary>Raised on the UI loop with each new or changed order.</summary>
    public event Action<Order>? OrderChanged;

    /// <summary>The orders, newest first.</summary>
    public IReadOnlyList<Order> Orders => [.. _orders.Values.OrderByDescending(o => o.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(o => o.OrderId, StringComparer.Ordinal)];

    /// <summary>The order with <paramref name="orderId"/>, when known.</summary>
    public Order? Get(string orderId) => _orders.GetValueOrDefault(orderId);

    /// <summary>Opens the stream and reads the list (once; later calls do nothing).</summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _ = FollowAsync();
    }

    /// <summary>Takes in an order the app got from a call; call on the UI loop. An answer older than what is known is dropped.</summary>
    public void Put(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (_orders.TryGetValue(order.OrderId, out var before) && before.UpdatedAt is { } was && order.UpdatedAt is { } now && now.ToDateTimeOffset() < was.ToDateTimeOffset())
        {
            return;
        }

        _orders[order.OrderId] = order;
        OrderChanged?.Invoke(order);
    }

    private async Task FollowAsync()
    {
        var stopping = _session.Stopping;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var call = _session.Api.Orders.Watch(new WatchOrdersRequest(), cancellationToken: stopping);
                await call.ResponseHeadersAsync.ConfigureAwait(false);
                var list = await _session.Api.Orders.ListAsync(new ListOrdersRequest(), cancellationToken: stopping).ConfigureAwait(false);
                _session.OnUi(() =>
                {
                    foreach (var order in list.Orders)
                    {
                        Put(order);
                    }
                });
                await foreach (var order in call.ResponseStream.ReadAllAsync(stopping).ConfigureAwait(false))
                {
                    _session.OnUi(() => Put(order));
                }
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or ApiConnectionException && !stopping.IsCancellationRequested)
            {
                // The node went away or restarted; the next attempt reads the list again.
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
