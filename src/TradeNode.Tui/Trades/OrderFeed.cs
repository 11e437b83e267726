using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// This node's goods orders as the whole app sees them: one Orders.Watch stream (opened before the list is read, so
/// no change falls between them). A broken stream is opened again a few seconds later. Raised on the UI loop.
/// </summary>
public sealed class OrderFeed
{
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

    private Task FollowAsync() => StreamFollower.FollowAsync(
        _session,
        ct => _session.Api.Orders.Watch(new WatchOrdersRequest(), cancellationToken: ct),
        async ct => (await _session.Api.Orders.ListAsync(new ListOrdersRequest(), cancellationToken: ct)).Orders,
        Put,
        Put);
}
