using Terminal.Gui.ViewBase;

namespace TradeNode.Tui.Views;

/// <summary>
/// Hides views without tripping Terminal.Gui 2.x: hiding the focused view makes its superview restore the focus, and
/// when that lands on a view hidden a moment before (the next button of the same update), Terminal.Gui throws
/// ("FocusChanging was not cancelled and the HasFocus value did not change"). So before a batch of visibility
/// changes the focus moves to a view that stays.
/// </summary>
internal static class FocusSafety
{
    /// <summary>Moves the focus to <paramref name="keep"/> when one of <paramref name="hiding"/> has it.</summary>
    public static void MoveOffHidden(IEnumerable<View> hiding, View keep)
    {
        if (keep.Visible && keep.CanFocus && hiding.Any(v => v.Visible && v.HasFocus))
        {
            keep.SetFocus();
        }
    }
}
