using Grpc.Core;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// The offer book: a table sorted by price, filtered by direction, currency and payment method, kept current by
/// Offers.Watch. Enter opens the selected offer (its terms, and the Take button for someone else's offer); Take opens
/// <see cref="TakeForm"/>, whose new trade the main window then shows.
/// </summary>
public sealed class MarketView : Screen
{
    private static readonly OfferDirection[] Directions = [OfferDirection.Unspecified, OfferDirection.Buy, OfferDirection.Sell];

    private readonly Dictionary<string, Offer> _offers = [];
    private readonly Button _direction;
    private readonly TextField _currency;
    private readonly TextField _method;
    private readonly TableView _table;
    private readonly Label _details;
    private readonly Button _take;
    private readonly View _list;
    private Offer? _selected;
    private int _directionIndex;
    private List<Offer> _rows = [];
    private CancellationTokenSource? _watch;

    public MarketView(TuiSession session)
        : base(session, "Market")
    {
        var directionLabel = new Label { Text = "Direction:", X = 0, Y = 0 };
        _direction = new Button { Text = "Any", X = Pos.Right(directionLabel) + 1, Y = 0, ShadowStyle = null };
        _direction.Accepting += (_, e) =>
        {
            _directionIndex = (_directionIndex + 1) % Directions.Length;
            _direction.Text = DirectionName(Directions[_directionIndex]);
            Activate();
            e.Handled = true;
        };
        var currencyLabel = new Label { Text = "Currency:", X = Pos.Right(_direction) + 2, Y = 0 };
        _currency = new TextField { X = Pos.Right(currencyLabel) + 1, Y = 0, Width = 5 };
        var methodLabel = new Label { Text = "Method:", X = Pos.Right(_currency) + 2, Y = 0 };
        _method = new TextField { X = Pos.Right(methodLabel) + 1, Y = 0, Width = 12 };
        var apply = new Button { Text = "Filter", X = Pos.Right(_method) + 1, Y = 0, ShadowStyle = null };
        apply.Accepting += (_, e) =>
        {
            Activate();
            e.Handled = true;
        };

        _table = new TableView { X = 0, Y = 2, Width = Dim.Fill(), Height = Dim.Fill(9), FullRowSelect = true };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                ShowSelected();
                key.Handled = true;
            }
        };
        _details = new Label { X = 0, Y = Pos.Bottom(_table), Width = Dim.Fill(), Height = 8, Text = "Enter on an offer opens it; Take takes it." };
        _take = new Button { Text = "Take", X = 0, Y = Pos.AnchorEnd(1), Enabled = false, ShadowStyle = null };
        _take.Accepting += (_, e) =>
        {
            OpenTakeForm();
            e.Handled = true;
        };
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        _list.Add(directionLabel, _direction, currencyLabel, _currency, methodLabel, _method, apply, _table, _details, _take);
        TakeForm = new TakeForm(session) { Visible = false };
        TakeForm.Closed += CloseTakeForm;
        TakeForm.Taken += trade =>
        {
            CloseTakeForm();
            Session.TradeFeed.Put(trade);
            TradeTaken?.Invoke(trade);
        };
        Add(_list, TakeForm);
        ShowRows();
    }

    /// <summary>Raised on the UI loop with the trade a take created, so the main window can open it.</summary>
    public event Action<Trade>? TradeTaken;

    /// <summary>The take form (hidden until Take).</summary>
    public TakeForm TakeForm { get; }

    /// <summary>The offers in the table, in display order.</summary>
    public IReadOnlyList<Offer> Rows => _rows;

    /// <summary>The offer table: arrows pick an offer, Enter shows it; Tab reaches the filters.</summary>
    public override void FocusDefault()
    {
        if (TakeForm.Visible)
        {
            TakeForm.SetFocus();
        }
        else
        {
            _table.SetFocus();
        }
    }

    public override void Activate()
    {
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = CancellationTokenSource.CreateLinkedTokenSource(Session.Stopping);
        var token = _watch.Token;
        var filter = new OfferFilter
        {
            Direction = Directions[_directionIndex],
            Currency = _currency.Text.Trim().ToUpperInvariant(),
            PaymentMethodId = _method.Text.Trim().ToUpperInvariant(),
        };
        Session.Call(
            async ct => (await Session.Api.Offers.ListAsync(new ListOffersRequest { Filter = filter, Sort = OfferSort.PriceAscending, Page = new PageRequest { PageSize = 500 } }, cancellationToken: ct)).Offers,
            offers =>
            {
                _offers.Clear();
                foreach (var offer in offers)
                {
                    _offers[offer.OfferId] = offer;
                }

                ShowRows();
                _ = WatchAsync(filter, token);
            });
    }

    private async Task WatchAsync(OfferFilter filter, CancellationToken cancellationToken)
    {
        try
        {
            using var call = Session.Api.Offers.Watch(new WatchOffersRequest { Filter = filter }, cancellationToken: cancellationToken);
            await foreach (var change in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Session.OnUi(() =>
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    if (change.Kind == ChangeKind.Removed)
                    {
                        _offers.Remove(change.Offer.OfferId);
                    }
                    else
                    {
                        _offers[change.Offer.OfferId] = change.Offer;
                    }

                    ShowRows();
                });
            }
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            Session.ShowMessage("Live market updates stopped: " + Session.Describe(ex));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // A new filter or the app closing ended this watch.
        }
    }

    private void ShowRows()
    {
        _rows = [.. _offers.Values.OrderBy(OfferText.SortKey).ThenBy(o => o.OfferId, StringComparer.Ordinal)];
        _table.Table = new EnumerableTableSource<Offer>(_rows, new Dictionary<string, Func<Offer, object>>
        {
            ["Dir"] = o => OfferText.Direction(o.Direction),
            ["Price"] = o => OfferText.Fiat(o.Price),
            ["Amount BTC"] = OfferText.AmountRange,
            ["Fiat"] = OfferText.FiatRange,
            ["Method"] = o => o.PaymentMethodId,
            ["Maker"] = OfferText.Maker,
        });
        _table.Update();
    }

    private void ShowSelected()
    {
        var row = _table.Value?.SelectedCell.Y ?? -1;
        if (row < 0 || row >= _rows.Count)
        {
            return;
        }

        _selected = _rows[row];
        _details.Text = OfferText.Details(_selected);
        _take.Enabled = !_selected.IsMine;
        if (_take.Enabled)
        {
            _take.SetFocus();
        }
        else
        {
            Session.ShowMessage("This is your own offer: cancel it under F4.");
        }
    }

    private void OpenTakeForm()
    {
        if (_selected is not { IsMine: false } offer)
        {
            return;
        }

        _list.Visible = false;
        TakeForm.Visible = true;
        TakeForm.Open(offer);
    }

    private void CloseTakeForm()
    {
        TakeForm.Visible = false;
        _list.Visible = true;
        _table.SetFocus();
    }

    private static string DirectionName(OfferDirection direction) => direction == OfferDirection.Unspecified ? "Any" : OfferText.Direction(direction);
}
