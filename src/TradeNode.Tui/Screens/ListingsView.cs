using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// Searching listings by text and tags (Listings.Search); Enter on a result shows its details. Buying comes with the
/// Trades API.
/// </summary>
public sealed class ListingsView : Screen
{
    private readonly TextField _text;
    private readonly TextField _tags;
    private readonly TableView _table;
    private readonly Label _details;
    private List<Listing> _rows = [];

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
        _details = new Label { X = 0, Y = Pos.Bottom(_table), Width = Dim.Fill(), Height = Dim.Fill(), Text = "Enter on a listing shows its details. Buying comes with the Trades API." };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                var row = _table.Value?.SelectedCell.Y ?? -1;
                if (row >= 0 && row < _rows.Count)
                {
                    _details.Text = ListingText.Details(_rows[row]);
                }

                key.Handled = true;
            }
        };
        Add(textLabel, _text, tagsLabel, _tags, search, _table, _details);
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

    private void SearchOnEnter(object? sender, Key key)
    {
        if (key == Key.Enter)
        {
            Activate();
            key.Handled = true;
        }
    }
}
