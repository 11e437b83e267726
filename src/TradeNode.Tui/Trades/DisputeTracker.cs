using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// The dispute of the one trade or order a detail view shows, live from the app's <see cref="DisputeFeed"/>
/// (Disputes.Watch): read once with Disputes.Get when the trade or order is disputed and the feed does not know the
/// case yet, then every change (evidence, the arbitrator's decision, the payout) arrives by itself. Everything runs on
/// the UI loop; <see cref="Changed"/> is raised there.
/// </summary>
public sealed class DisputeTracker
{
    private readonly TuiSession _session;
    private bool _reading;

    public DisputeTracker(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        session.DisputeFeed.DisputeChanged += dispute =>
        {
            if (dispute.TradeId == Id)
            {
                Changed?.Invoke();
            }
        };
    }

    /// <summary>Raised on the UI loop when <see cref="Current"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The trade or order id followed, or empty.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The case as last known, or null.</summary>
    public Dispute? Current => Id.Length == 0 ? null : _session.DisputeFeed.Get(Id);

    /// <summary>Follows <paramref name="id"/> from now on.</summary>
    public void Reset(string id) => Id = id ?? throw new ArgumentNullException(nameof(id));

    /// <summary>Takes in a case read elsewhere (a step's answer, a test) through the app's feed; ignored for another id.</summary>
    public void Put(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (dispute.TradeId == Id)
        {
            _session.DisputeFeed.Put(dispute);
        }
    }

    /// <summary>Reads the case when <paramref name="disputed"/> (the trade or order is disputed or resolved) and the feed does not know it yet.</summary>
    public void Follow(bool disputed)
    {
        if (!disputed || _reading || Id.Length == 0 || Current is not null)
        {
            return;
        }

        _reading = true;
        var id = Id;
        _session.Call(
            async ct => await _session.Api.Disputes.GetAsync(new GetDisputeRequest { TradeId = id }, cancellationToken: ct),
            dispute =>
            {
                _reading = false;
                _session.DisputeFeed.Put(dispute);
            },
            _ => _reading = false);
    }

    /// <summary>
    /// Runs a trader's <paramref name="step"/> for the followed trade or order with <paramref name="text"/> (the reason
    /// or statement): false, with the reason on <paramref name="status"/>, when the step needs a line and has none; else
    /// calls the Disputes API, reads the trade or order again with <paramref name="reread"/>, and takes both in
    /// (<paramref name="put"/> hands the trade or order to its feed). Progress, the outcome and errors go to
    /// <paramref name="status"/>.
    /// </summary>
    public bool Run<T>(DisputeStep step, string text, Func<string, CancellationToken, Task<T>> reread, Action<T> put, Action<string> status)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(reread);
        ArgumentNullException.ThrowIfNull(put);
        ArgumentNullException.ThrowIfNull(status);
        if (DisputeSteps.Refusal(step, text) is { } refusal)
        {
            status(refusal);
            return false;
        }

        var id = Id;
        var caption = DisputeSteps.Caption(step);
        status(caption + "…");
        var disputes = _session.Api.Disputes;
        _session.Call(
            async ct => (Dispute: await DisputeSteps.CallAsync(disputes, step, id, text, ct), Item: await reread(id, ct)),
            result =>
            {
                status(DisputeSteps.Done(step));
                Put(result.Dispute);
                put(result.Item);
            },
            status,
            busy: caption);
        return true;
    }
}
