using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// This node's trades as the whole app sees them: one Trades.Watch stream (opened before the list is read, so no
/// change falls between them), the time each state was first seen, and how many trade events arrived that nobody has
/// looked at yet (the status bar shows it). A broken stream is opened again a few seconds later. Everything is
/// raised on the UI loop.
/// </summary>
public sealed class TradeFeed
{
    private readonly TuiSession _session;
    private readonly Dictionary<string, Trade> _trades = [];
    private readonly Dictionary<string, Dictionary<TradeState, DateTimeOffset>> _seen = [];
    private bool _started;

    public TradeFeed(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <summary>Raised on the UI loop with each new or changed trade.</summary>
    public event Action<Trade>? TradeChanged;

    /// <summary>Raised on the UI loop when <see cref="Unread"/> changes.</summary>
    public event Action<int>? UnreadChanged;

    /// <summary>Trade events that arrived while the trades screen was not on show.</summary>
    public int Unread { get; private set; }

    /// <summary>True while the trades screen is on show: its events count as read.</summary>
    public bool Viewing { get; set; }

    /// <summary>The trades, newest first.</summary>
    public IReadOnlyList<Trade> Trades => [.. _trades.Values.OrderByDescending(t => t.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(t => t.TradeId, StringComparer.Ordinal)];

    /// <summary>The trade with <paramref name="tradeId"/>, when known.</summary>
    public Trade? Get(string tradeId) => _trades.GetValueOrDefault(tradeId);

    /// <summary>When this app first saw <paramref name="tradeId"/> in each state.</summary>
    public IReadOnlyDictionary<TradeState, DateTimeOffset> Seen(string tradeId) =>
        _seen.TryGetValue(tradeId, out var seen) ? seen : new Dictionary<TradeState, DateTimeOffset>();

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

    /// <summary>Counts everything so far as read.</summary>
    public void MarkRead()
    {
        if (Unread != 0)
        {
            Unread = 0;
            UnreadChanged?.Invoke(0);
        }
    }

    /// <summary>Takes in a trade the app got from a call (take, confirm, cancel); call on the UI loop.</summary>
    public void Put(Trade trade, bool isEvent = false)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var known = _trades.TryGetValue(trade.TradeId, out var before);
        if (known && before!.UpdatedAt is { } was && trade.UpdatedAt is { } now && now.ToDateTimeOffset() < was.ToDateTimeOffset())
        {
            return; // An answer overtaken by a newer event.
        }

        _trades[trade.TradeId] = trade;
        if (!_seen.TryGetValue(trade.TradeId, out var seen))
        {
            seen = [];
            _seen[trade.TradeId] = seen;
        }

        seen.TryAdd(trade.State, trade.UpdatedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow);
        if (isEvent && !Viewing && (!known || before!.State != trade.State))
        {
            Unread++;
            UnreadChanged?.Invoke(Unread);
        }

        TradeChanged?.Invoke(trade);
    }

    private Task FollowAsync() => StreamFollower.FollowAsync(
        _session,
        ct => _session.Api.Trades.Watch(new WatchTradesRequest(), cancellationToken: ct),
        async ct => (await _session.Api.Trades.ListAsync(new ListTradesRequest(), cancellationToken: ct)).Trades,
        trade => Put(trade),
        trade => Put(trade, isEvent: true));
}
