using System.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace TradeNode.Tui.Views;

/// <summary>
/// The bottom line: the function keys and what they open, compact enough for 80 columns (the refresh key joins when
/// the terminal is wider), with the number of unread trade events next to Trades. <see cref="MainWindow"/> handles
/// the keys themselves.
/// </summary>
public sealed class KeyBar : Label
{
    private readonly IReadOnlyList<(string Key, string Label)> _keys;
    private readonly (string Key, string Label) _optional;
    private int _unread;

    /// <param name="keys">The keys always shown, in order.</param>
    /// <param name="optional">A key shown last when the line has room.</param>
    public KeyBar(IReadOnlyList<(string Key, string Label)> keys, (string Key, string Label) optional)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _optional = optional;
        Width = Dim.Fill();
        Height = 1;
        Show(0);
    }

    /// <summary>Shows <paramref name="unread"/> trade events next to the Trades key (nothing when 0).</summary>
    public void SetUnread(int unread)
    {
        _unread = unread;
        Show(Frame.Width);
    }

    protected override void OnFrameChanged(in Rectangle frame)
    {
        base.OnFrameChanged(frame);
        Show(frame.Width);
    }

    private void Show(int width)
    {
        var entries = _keys.Select(k => k.Label == "Trades" && _unread > 0 ? $"{k.Key} Trades {_unread}" : $"{k.Key} {k.Label}").ToList();
        var wide = string.Join("  ", entries);
        var optional = $"  {_optional.Key} {_optional.Label}";
        string[] candidates = [wide + optional, wide, string.Join(' ', entries)];
        Text = width <= 0 ? candidates[0] : candidates.FirstOrDefault(c => c.Length <= width) ?? candidates[^1];
    }
}
