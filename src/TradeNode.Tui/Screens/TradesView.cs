using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Screens;

/// <summary>
/// This node's trades, newest first, with their state and the next step (▶ marks the ones waiting for me), live from
/// the app's trade feed; Enter opens <see cref="TradeDetailView"/>. While this screen is on show, trade events count
/// as read.
/// </summary>
public sealed class TradesView : Screen
{
    private readonly View _list;
    private readonly TableView _table;
    private List<Trade> _rows = [];

    public TradesView(TuiSession session)
        : base(session, "Trades")
    {
        _list = new View { Width = Dim.Fill(), Height = Dim.Fill(), CanFocus = true };
        var intro = new Label { X = 0, Y = 0, Width = Dim.Fill(), Text = "Your trades. ▶ marks a step that is yours; Enter opens a trade." };
        _table = new TableView { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(), FullRowSelect = true };
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
        _list.Add(intro, _table);
        Detail = new TradeDetailView(session) { Visible = false };
        Detail.Closed += () =>
        {
            Detail.Visible = false;
            _list.Visible = true;
            ShowRows();
            _table.SetFocus();
        };
        Add(_list, Detail);
        session.TradeFeed.TradeChanged += _ => ShowRows();
        ShowRows();
    }

    /// <summary>The trade detail view (hidden until a trade is opened).</summary>
    public TradeDetailView Detail { get; }

    /// <summary>The trades in the table, in display order.</summary>
    public IReadOnlyList<Trade> Rows => _rows;

    public override void Activate()
    {
        Session.TradeFeed.Viewing = true;
        Session.TradeFeed.MarkRead();
        Session.TradeFeed.Start();
        ShowRows();
    }

    public override void Deactivate() => Session.TradeFeed.Viewing = false;

    public override void FocusDefault()
    {
        if (Detail.Visible)
        {
            Detail.FocusFirst();
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
        Detail.Visible = true;
        Detail.Open(tradeId);
        Detail.FocusFirst();
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
