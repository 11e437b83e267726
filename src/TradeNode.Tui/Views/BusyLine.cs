using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace TradeNode.Tui.Views;

/// <summary>
/// Over the second message line while something slow runs (hidden otherwise, so a long message keeps both lines): a turning mark and what is in progress ("⠹ Taking the
/// offer…"), from <see cref="TuiSession.Busy"/>; empty otherwise. The mark turns on a UI timer, so it also shows that
/// the app is not frozen.
/// </summary>
public sealed class BusyLine : Label
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(120);

    private readonly TuiSession _session;
    private int _frame;
    private bool _ticking;

    public BusyLine(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Width = Dim.Fill();
        Height = 1;
        Visible = false;
        session.BusyChanged += Show;
    }

    private void Show()
    {
        Visible = _session.Busy.Count > 0;
        if (!Visible)
        {
            Text = string.Empty;
            return;
        }

        Text = $"{Frames[_frame % Frames.Length]} {string.Join("; ", _session.Busy)}…";
        if (!_ticking)
        {
            _ticking = true;
            _session.App.AddTimeout(FrameInterval, () =>
            {
                _frame++;
                _ticking = _session.Busy.Count > 0 && !_session.Stopping.IsCancellationRequested;
                if (_ticking)
                {
                    Show();
                }

                return _ticking;
            });
        }
    }
}
