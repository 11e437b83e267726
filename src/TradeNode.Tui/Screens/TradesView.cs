using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Screens;

/// <summary>
/// This node's trades, newest first, with their state and the next step (▶ marks the ones waiting for me), live from
/// the app's trade feed; Enter opens <see cref="TradeDetailView"/>. While this screen is on show, trade events count
/// as read. Below the trades, this node's goods orders (live from the app's order feed) with their state and next
/// step; Tab moves between the two tables and Enter on an order opens <see cref="OrderDetailView"/>.
/// </summary>
public sealed class TradesView : Screen
{
    private readonly View _list;
    private readonly TableView _table;
    private readonly TableView _orders;
    private List<Trade> _rows = [];
    private List<Order> _orderRows = [];

    public TradesView(TuiSession session)
        : base(session, "Trades")
    {
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        var intro = new Label { X = 0, Y = 0, Width = Dim.Fill(), Text = "Your trades. ▶ marks a step that is yours; Enter opens a trade; D disputes." };
        _table = new TableView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Percent(50), FullRowSelect = true };
        var ordersTitle = new Label { X = 0, Y = Pos.Bottom(_table), Width = Dim.Fill(), Text = "Orders (goods). Enter opens an order." };
        _orders = new TableView { X = 0, Y = Pos.Bottom(ordersTitle), Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
        _orders.KeyDown += OpenConsoleOnD;
        _table.KeyDown += OpenConsoleOnD;
        _orders.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                var row = _orders.Value?.SelectedCell.Y ?? -1;
                if (row >= 0 && row < _orderRows.Count)
                {
                    OpenOrder(_orderRows[row].OrderId);
                }

                key.Handled = true;
            }
        };
        _table.KeyDown += (_, key) =>
        {
            if (key == Key.Enter)
            {
                var row = _table.Value?.SelectedCell.Y ?? -1;
                if (row >= 0 && row < _rows.Count)
                {
                    Open(_rows[row].TradeId);
                }

                key.Handled = true;
            }
        };
        _list.Add(intro, _table, ordersTitle, _orders);
        OrderDetail = new OrderDetailView(session) { Visible = false };
        OrderDetail.Closed += () =>
        {
            OrderDetail.Visible = false;
            _list.Visible = true;
            ShowOrderRows();
            _orders.SetFocus();
        };
        Detail = new TradeDetailView(session) { Visible = false };
        Detail.Closed += () =>
        {
            Detail.Visible = false;
            _list.Visible = true;
            ShowRows();
            _table.SetFocus();
        };
        Disputes = new DisputeConsoleView(session) { Visible = false };
        Disputes.Closed += () =>
        {
            Disputes.Visible = false;
            _list.Visible = true;
            _table.SetFocus();
        };
        Add(_list, Detail, OrderDetail, Disputes);
        session.TradeFeed.TradeChanged += _ => ShowRows();
        session.OrderFeed.OrderChanged += _ => ShowOrderRows();
        ShowRows();
        ShowOrderRows();
    }

    /// <summary>The trade detail view (hidden until a trade is opened).</summary>
    public TradeDetailView Detail { get; }

    /// <summary>The disputes console (hidden until D).</summary>
    public DisputeConsoleView Disputes { get; }

    /// <summary>The order detail view (hidden until an order is opened).</summary>
    public OrderDetailView OrderDetail { get; }

    /// <summary>The orders in the lower table, in display order.</summary>
    public IReadOnlyList<Order> OrderRows => _orderRows;

    /// <summary>The trades in the table, in display order.</summary>
    public IReadOnlyList<Trade> Rows => _rows;

    public override void Activate()
    {
        Session.TradeFeed.Viewing = true;
        Session.TradeFeed.MarkRead();
        Session.TradeFeed.Start();
        Session.OrderFeed.Start();
        Session.DisputeFeed.Start();
        ShowRows();
        ShowOrderRows();
    }

    public override void Deactivate() => Session.TradeFeed.Viewing = false;

    public override void FocusDefault()
    {
        if (Detail.Visible)
        {
            Detail.FocusFirst();
        }
        else if (Disputes.Visible)
        {
            Disputes.FocusFirst();
        }
        else if (OrderDetail.Visible)
        {
            OrderDetail.FocusFirst();
        }
        else
        {
            _table.SetFocus();
        }
    }

    /// <summary>Opens trade <paramref name="tradeId"/> in the detail view.</summary>
    public void Open(string tradeId)
    {
        _list.Visible = false;
        OrderDetail.Visible = false;
        Disputes.Visible = false;
        Detail.Visible = true;
        Detail.Open(tradeId);
        Detail.FocusFirst();
    }

    /// <summary>Opens the disputes console with this node's cases.</summary>
    public void OpenDisputes()
    {
        _list.Visible = false;
        Detail.Visible = false;
        OrderDetail.Visible = false;
        Disputes.Visible = true;
        Disputes.Refresh();
        Disputes.FocusFirst();
    }

    /// <summary>Opens order <paramref name="orderId"/> in the order detail view.</summary>
    public void OpenOrder(string orderId)
    {
        _list.Visible = false;
        Detail.Visible = false;
        Disputes.Visible = false;
        OrderDetail.Visible = true;
        OrderDetail.Open(orderId);
        OrderDetail.FocusFirst();
    }

    private void OpenConsoleOnD(object? sender, Key key)
    {
        if (key == Key.D || key == Key.D.WithShift)
        {
            OpenDisputes();
            key.Handled = true;
        }
    }

    private void ShowOrderRows()
    {
        _orderRows = [.. Session.OrderFeed.Orders];
        _orders.Table = new EnumerableTableSource<Order>(_orderRows, new Dictionary<string, Func<Order, object>>
        {
            [" "] = o => OrderActions.IsMyTurn(o) ? "▶" : " ",
            ["Id"] = o => TradeText.ShortId(o.OrderId),
            ["Side"] = o => OrderText.Role(o.Role),
            ["Item"] = o => $"{o.Quantity} x {o.ListingTitle}",
            ["BTC"] = o => Btc.Format(o.AmountSats),
            ["State"] = o => OrderText.State(o.State),
            ["Next"] = OrderText.NextAction,
        });
        _orders.Update();
    }

    private void ShowRows()
    {
        _rows = [.. Session.TradeFeed.Trades];
        _table.Table = new EnumerableTableSource<Trade>(_rows, new Dictionary<string, Func<Trade, object>>
        {
            [" "] = t => TradeText.IsMyTurn(t) ? "▶" : " ",
            ["Id"] = t => TradeText.ShortId(t.TradeId),
            ["Side"] = t => TradeText.Side(t.Side),
            ["BTC"] = t => Btc.Format(t.AmountSats),
            ["Fiat"] = t => OfferText.Fiat(t.FiatAmount),
            ["State"] = t => TradeText.State(t.State),
            ["Next"] = TradeText.NextAction,
        });
        _table.Update();
    }
}
