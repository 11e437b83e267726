using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// This node's disputes (as a trader and as the arbitrator) as the whole app sees them: one Disputes.Watch stream,
/// opened before the list is read (<see cref="StreamFollower"/>). The trade and order views follow their case from
/// here (<see cref="DisputeTracker"/>), the arbitrator's console its list and open case. Raised on the UI loop.
/// </summary>
public sealed class DisputeFeed
{
    private readonly TuiSession _session;
    private readonly Dictionary<string, Dispute> _disputes = [];
    private bool _started;

    public DisputeFeed(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <summary>Raised on the UI loop with each new or changed dispute.</summary>
    public event Action<Dispute>? DisputeChanged;

    /// <summary>The dispute of trade or order <paramref name="id"/>, when known.</summary>
    public Dispute? Get(string id) => _disputes.GetValueOrDefault(id);

    /// <summary>Opens the stream and reads the list (once; later calls do nothing).</summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _ = StreamFollower.FollowAsync(
            _session,
            ct => _session.Api.Disputes.Watch(new WatchDisputesRequest(), cancellationToken: ct),
            async ct => (await _session.Api.Disputes.ListAsync(new ListDisputesRequest(), cancellationToken: ct)).Disputes,
            Put,
            Put);
    }

    /// <summary>Takes in a dispute the app got from a call or the stream; call on the UI loop. An answer older than what is known is dropped.</summary>
    public void Put(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (_disputes.TryGetValue(dispute.TradeId, out var before) && before.UpdatedAt is { } was && dispute.UpdatedAt is { } now && now.ToDateTimeOffset() < was.ToDateTimeOffset())
        {
            return;
        }

        _disputes[dispute.TradeId] = dispute;
        DisputeChanged?.Invoke(dispute);
    }
}
