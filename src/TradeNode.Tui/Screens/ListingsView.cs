using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Searching listings by text and tags (Listings.Search); Enter on a result shows its details (description, price,
/// shipping options, the vendor's rating summary) and the Buy button; B on a result, or Buy, opens <see cref="BuyForm"/>.
/// </summary>
public sealed class ListingsView : Screen
{
    private readonly TextField _text;
    private readonly TextField _tags;
    private readonly TableView _table;
    private readonly Label _details;
    private readonly View _list;
    private readonly Button _buy;
    private List<Listing> _rows = [];
    private Listing? _shown;

    public ListingsView(TuiSession session)
        : base(session, "Listings")
    {
        var textLabel = new Label { Text = "Search:", X = 0, Y = 0 };
        _text = new TextField { X = 8, Y = 0, Width = 24 };
        var tagsLabel = new Label { Text = "Tags:", X = Pos.Right(_text) + 1, Y = 0 };
        _tags = new TextField { X = Pos.Right(tagsLabel) + 1, Y = 0, Width = 20 };
        var search = new Button { Text = "Search", X = Pos.Right(_tags) + 1, Y = 0, ShadowStyle = null };
        search.Accepting += (_, e) =>
        {
            Activate();
            e.Handled = true;
        };
        _text.KeyDown += SearchOnEnter;
        _tags.KeyDown += SearchOnEnter;
        _table = new TableView { X = 0, Y = 2, Width = Dim.Fill(), Height = Dim.Fill(9), FullRowSelect = true };
        _details = new Label { X = 0, Y = Pos.Bottom(_table), Width = Dim.Fill(), Height = Dim.Fill(1), Text = "Enter on a listing shows its details; B buys it." };
        _buy = new Button { Text = "Buy", X = 0, Y = Pos.AnchorEnd(1), Visible = false, ShadowStyle = null };
        _buy.Accepting += (_, e) =>
        {
            if (_shown is { } listing)
            {
                OpenBuyForm(listing);
            }

            e.Handled = true;
        };
        _table.KeyDown += (_, key) =>
        {
            var row = _table.Value?.SelectedCell.Y ?? -1;
            var listing = row >= 0 && row < _rows.Count ? _rows[row] : null;
            if (key == Key.Enter)
            {
                if (listing is not null)
                {
                    _shown = listing;
                    _details.Text = ListingText.Details(listing);
                    _buy.Visible = !listing.IsMine;
                }

                key.Handled = true;
            }
            else if (key == Key.B || key == Key.B.WithShift)
            {
                if (listing is { IsMine: false })
                {
                    OpenBuyForm(listing);
                }

                key.Handled = true;
            }
        };
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _list.Add(textLabel, _text, tagsLabel, _tags, search, _table, _details, _buy);
        BuyForm = new BuyForm(session) { Visible = false };
        BuyForm.Closed += CloseBuyForm;
        BuyForm.Ordered += order =>
        {
            CloseBuyForm();
            OrderPlaced?.Invoke(order);
        };
        Add(_list, BuyForm);
    }

    /// <summary>Raised on the UI loop with the order the buy form placed.</summary>
    public event Action<Order>? OrderPlaced;

    /// <summary>The buy form (hidden until B or Buy).</summary>
    public BuyForm BuyForm { get; }

    /// <summary>The listings in the results table, in display order.</summary>
    public IReadOnlyList<Listing> Rows => _rows;

    /// <summary>The detail text of the listing Enter opened.</summary>
    public string Details => _details.Text;

    public override void FocusDefault()
    {
        if (BuyForm.Visible)
        {
            BuyForm.SetFocus();
        }
        else
        {
            _table.SetFocus();
        }
    }

    public override void Activate()
    {
        var query = new ListingQuery { Text = _text.Text.Trim() };
        query.Tags.AddRange(_tags.Text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Session.Call(
            async ct => (await Session.Api.Listings.SearchAsync(new SearchListingsRequest { Query = query, Page = new PageRequest { PageSize = 200 } }, cancellationToken: ct)).Listings,
            listings =>
            {
                _rows = [.. listings];
                _table.Table = new EnumerableTableSource<Listing>(_rows, new Dictionary<string, Func<Listing, object>>
                {
                    ["Title"] = l => l.Content?.Title ?? string.Empty,
                    ["Price"] = l => ListingText.Price(l.Content?.Price),
                    ["Qty"] = l => l.Content?.Quantity ?? 0,
                    ["Tags"] = l => string.Join(",", l.Content?.Tags ?? []),
                    ["Vendor"] = ListingText.Vendor,
                });
                _table.Update();
            });
    }

    private void OpenBuyForm(Listing listing)
    {
        _list.Visible = false;
        BuyForm.Visible = true;
        BuyForm.Open(listing);
    }

    private void CloseBuyForm()
    {
        BuyForm.Visible = false;
        _list.Visible = true;
        _table.SetFocus();
    }

    private void SearchOnEnter(object? sender, Key key)
    {
        if (key == Key.Enter)
        {
            Activate();
            key.Handled = true;
        }
    }
}
