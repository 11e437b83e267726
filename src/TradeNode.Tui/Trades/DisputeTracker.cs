using TradeNode.Api.V1;

namespace TradeNode.Tui.Trades;

/// <summary>
/// The dispute of the one trade or order a detail view shows: read with Disputes.Get when the view opens it or the
/// trade or order changes, and while the case waits on someone else (open, or decided and not yet accepted) read
/// again every few seconds, so the arbitrator's decision appears without the trader doing anything. Everything runs
/// on the UI loop; <see cref="Changed"/> is raised there.
/// </summary>
public sealed class DisputeTracker
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);

    private readonly TuiSession _session;
    private object? _timer;
    private bool _reading;

    public DisputeTracker(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
    }

    /// <summary>Raised on the UI loop when <see cref="Current"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The trade or order id followed, or empty.</summary>
    public string Id { get; private set; } = string.Empty;

    /// <summary>The case as last read, or null.</summary>
    public Dispute? Current { get; private set; }

    /// <summary>Follows <paramref name="id"/> from now on (forgets the last case and stops reading).</summary>
    public void Reset(string id)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Current = null;
        Stop();
    }

    /// <summary>Takes in a case read elsewhere (a step's answer, a test); ignored for another id.</summary>
    public void Put(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        if (dispute.TradeId != Id || (Current is not null && Current.Equals(dispute)))
        {
            return;
        }

        Current = dispute;
        Changed?.Invoke();
    }

    /// <summary>
    /// Reads the case now when <paramref name="disputed"/> (the trade or order is disputed or resolved), and keeps
    /// reading it every few seconds while it waits on someone; stops when it is not.
    /// </summary>
    public void Follow(bool disputed)
    {
        if (!disputed)
        {
            Stop();
            return;
        }

        Read();
        _timer ??= _session.App.AddTimeout(PollInterval, () =>
        {
            if (_session.Stopping.IsCancellationRequested || Id.Length == 0 || !Waiting(Current))
            {
                _timer = null;
                return false;
            }

            Read();
            return true;
        });
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

    /// <summary>Stops reading the case.</summary>
    public void Stop()
    {
        if (_timer is { } timer)
        {
            _session.App.RemoveTimeout(timer);
            _timer = null;
        }
    }

    /// <summary>Until the case is read, and while it is open or decided, something may change it elsewhere.</summary>
    private static bool Waiting(Dispute? dispute) => dispute is null || dispute.State is DisputeState.Open or DisputeState.Decided or DisputeState.PayoutPublished;

    private void Read()
    {
        if (_reading || Id.Length == 0)
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
                Put(dispute);
            },
            _ => _reading = false);
    }
}
