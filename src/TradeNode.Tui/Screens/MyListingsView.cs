using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// This node's own listings (Listings.ListMine): New opens <see cref="ListingForm"/> empty, Edit (or Enter) opens it
/// with the selected listing, Withdraw (or Delete) takes the selected listing off the network (Listings.Delete).
/// </summary>
public sealed class MyListingsView : Screen
{
    private readonly View _list;
    private readonly TableView _table;
    private List<Listing> _rows = [];

    public MyListingsView(TuiSession session)
        : base(session, "My listings")
    {
        Form = new ListingForm(session) { Visible = false };
        Form.Closed += () =>
        {
            Form.Visible = false;
            _list!.Visible = true;
            Activate();
            _table!.SetFocus();
        };
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        var create = new Button { Text = "New listing", X = 0, Y = 0, ShadowStyle = null };
        var edit = new Button { Text = "Edit", X = Pos.Right(create) + 1, Y = 0, ShadowStyle = null };
        var withdraw = new Button { Text = "Withdraw", X = Pos.Right(edit) + 1, Y = 0, ShadowStyle = null };
        _table = new TableView { X = 0, Y = 2, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        create.Accepting += (_, e) =>
        {
            OpenNew();
            e.Handled = true;
        };
        edit.Accepting += (_, e) =>
        {
            EditSelected();
            e.Handled = true;
        };
        withdraw.Accepting += (_, e) =>
        {
            WithdrawSelected();
            e.Handled = true;
        };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Delete)
            {
                WithdrawSelected();
                key.Handled = true;
            }
            else if (key == Key.Enter)
            {
                EditSelected();
                key.Handled = true;
            }
        };
        _list.Add(create, edit, withdraw, _table);
        Add(_list, Form);
    }

    /// <summary>The create and edit form (hidden until New or Edit).</summary>
    public ListingForm Form { get; }

    /// <summary>The listings in the table, in display order.</summary>
    public IReadOnlyList<Listing> Rows => _rows;

    /// <summary>Shows the empty form for a new listing.</summary>
    public void OpenNew()
    {
        _list.Visible = false;
        Form.Visible = true;
        Form.PrepareNew();
    }

    public override void FocusDefault()
    {
        if (Form.Visible)
        {
            Form.SetFocus();
        }
        else
        {
            base.FocusDefault();
        }
    }

    public override void Activate() =>
        Load(
            async ct => (await Session.Api.Listings.ListMineAsync(new ListMyListingsRequest(), cancellationToken: ct)).Listings,
            listings =>
            {
                _rows = [.. listings];
                _table.Table = new EnumerableTableSource<Listing>(_rows, new Dictionary<string, Func<Listing, object>>
                {
                    ["Title"] = l => l.Content?.Title ?? string.Empty,
                    ["Price"] = l => ListingText.Price(l.Content?.Price),
                    ["Qty"] = l => l.Content?.Quantity ?? 0,
                    ["Ver"] = l => l.Sequence,
                    ["Tags"] = l => string.Join(",", l.Content?.Tags ?? []),
                });
                _table.Update();
            });

    private Listing? Selected()
    {
        var row = _table.Value?.SelectedCell.Y ?? -1;
        if (row < 0 || row >= _rows.Count)
        {
            Session.ShowMessage("Select one of your listings first.");
            return null;
        }

        return _rows[row];
    }

    private void EditSelected()
    {
        if (Selected() is not { } listing)
        {
            return;
        }

        _list.Visible = false;
        Form.Visible = true;
        Form.PrepareEdit(listing);
    }

    private void WithdrawSelected()
    {
        if (Selected() is not { } listing)
        {
            return;
        }

        Session.Call(
            async ct => await Session.Api.Listings.DeleteAsync(new DeleteListingRequest { ListingId = listing.ListingId }, cancellationToken: ct),
            _ =>
            {
                Session.ShowMessage($"Listing '{listing.Content?.Title}' withdrawn.");
                Activate();
            });
    }
}
