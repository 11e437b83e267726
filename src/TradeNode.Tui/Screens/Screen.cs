using Terminal.Gui.ViewBase;

namespace TradeNode.Tui.Screens;

/// <summary>
/// One of the app's screens (market, wallet, ...): fills the area between the node line and the status bar, and
/// loads its data from the API each time it is shown.
/// </summary>
public abstract class Screen : View
{
    private int _loads;

    protected Screen(TuiSession session, string title)
    {
        Session = session ?? throw new ArgumentNullException(nameof(session));
        Title = title;
        Width = Dim.Fill();
        Height = Dim.Fill(1);
        CanFocus = true;
    }

    protected TuiSession Session { get; }

    /// <summary>Puts the focus where the screen's work starts (by default its first control).</summary>
    public virtual void FocusDefault() => SetFocus();

    /// <summary>Called when the screen is shown: (re)load its data.</summary>
    public abstract void Activate();

    /// <summary>
    /// Loads the screen's data like <see cref="TuiSession.Call"/>, but only the newest load's answer is applied: an
    /// older one that arrives late (a slow node) would put stale rows back.
    /// </summary>
    protected void Load<T>(Func<CancellationToken, Task<T>> call, Action<T> apply)
    {
        ArgumentNullException.ThrowIfNull(apply);
        var load = ++_loads;
        Session.Call(call, result =>
        {
            if (load == _loads)
            {
                apply(result);
            }
        });
    }

    /// <summary>Called when another screen replaces this one.</summary>
    public virtual void Deactivate()
    {
    }
}
