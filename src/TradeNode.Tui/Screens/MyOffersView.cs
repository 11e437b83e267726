using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// This node's own offers: the list (Offers.ListMine), "New offer" opening <see cref="OfferForm"/> empty, "Edit offer"
/// (or Enter on a row) opening it with the selected offer (saved with Offers.Update), and cancelling the selected
/// offer (Delete key or the Cancel button).
/// </summary>
public sealed class MyOffersView : Screen
{
    private readonly View _list;
    private readonly TableView _table;
    private List<Offer> _rows = [];

    public MyOffersView(TuiSession session)
        : base(session, "My offers")
    {
        Form = new OfferForm(session) { Visible = false };
        Form.Closed += () =>
        {
            Form.Visible = false;
            _list!.Visible = true;
            Activate();
            _table!.SetFocus();
        };
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        var create = new Button { Text = "New offer", X = 0, Y = 0, ShadowStyle = null };
        var edit = new Button { Text = "Edit offer", X = Pos.Right(create) + 1, Y = 0, ShadowStyle = null };
        var cancel = new Button { Text = "Cancel offer", X = Pos.Right(edit) + 1, Y = 0, ShadowStyle = null };
        _table = new TableView { X = 0, Y = 2, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        create.Accepting += (_, e) =>
        {
            OpenForm();
            e.Handled = true;
        };
        edit.Accepting += (_, e) =>
        {
            EditSelected();
            e.Handled = true;
        };
        cancel.Accepting += (_, e) =>
        {
            CancelSelected();
            e.Handled = true;
        };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Delete)
            {
                CancelSelected();
                key.Handled = true;
            }
            else if (key == Key.Enter)
            {
                EditSelected();
                key.Handled = true;
            }
        };
        _list.Add(create, edit, cancel, _table);
        Add(_list, Form);
    }

    /// <summary>The create and edit form (hidden until "New offer" or "Edit offer").</summary>
    public OfferForm Form { get; }

    /// <summary>The offers in the table, in display order.</summary>
    public IReadOnlyList<Offer> Rows => _rows;

    /// <summary>Shows the create form and focuses its first field.</summary>
    public void OpenForm()
    {
        _list.Visible = false;
        Form.Visible = true;
        Form.Prepare();
        Form.SetFocus();
    }

    public override void Activate() =>
        Load(
            async ct => (await Session.Api.Offers.ListMineAsync(new ListMyOffersRequest(), cancellationToken: ct)).Offers,
            offers =>
            {
                _rows = [.. offers];
                _table.Table = new EnumerableTableSource<Offer>(_rows, new Dictionary<string, Func<Offer, object>>
                {
                    ["Id"] = o => o.OfferId[..8],
                    ["Dir"] = o => OfferText.Direction(o.Direction),
                    ["Price"] = o => OfferText.Fiat(o.Price),
                    ["Amount BTC"] = OfferText.AmountRange,
                    ["Method"] = o => o.PaymentMethodId,
                    ["Expires"] = o => o.ExpiresAt?.ToDateTimeOffset().ToLocalTime().ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
                });
                _table.Update();
            });

    /// <summary>Shows the form filled with the selected offer; a message when no offer is selected.</summary>
    public void EditSelected()
    {
        var row = _table.Value?.SelectedCell.Y ?? -1;
        if (row < 0 || row >= _rows.Count)
        {
            Session.ShowMessage("Select an offer to edit.");
            return;
        }

        _list.Visible = false;
        Form.Visible = true;
        Form.PrepareEdit(_rows[row]);
        Form.SetFocus();
    }

    private void CancelSelected()
    {
        var row = _table.Value?.SelectedCell.Y ?? -1;
        if (row < 0 || row >= _rows.Count)
        {
            Session.ShowMessage("Select an offer to cancel.");
            return;
        }

        var offerId = _rows[row].OfferId;
        Session.Call(
            async ct => await Session.Api.Offers.CancelAsync(new CancelOfferRequest { OfferId = offerId }, cancellationToken: ct),
            _ =>
            {
                Session.ShowMessage($"Offer {offerId[..8]} cancelled.");
                Activate();
            });
    }
}
