using Terminal.Gui.Drawing;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Tui.Screens;

namespace TradeNode.Tui.Views;

/// <summary>
/// The app's one window: the node line on top, a two-line message area, the current screen, and the status bar
/// whose function keys switch screens (F2 market, F3 wallet, F4 my offers, F5 listings, F6 peers, F7 trades, F8 my listings, F10 quit,
/// F9 refresh). The trades key shows how many trade events are unread. Fits 80x24 and grows with the terminal.
/// </summary>
public sealed class MainWindow : Window
{
    private readonly TuiSession _session;
    private readonly Label _message;
    private readonly List<Screen> _screens;
    private readonly KeyBar _keyBar;
    private readonly Dictionary<KeyCode, Action> _keys;
    private Screen _current;

    public MainWindow(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Title = "TradeNode";
        BorderStyle = LineStyle.None;
        NodeLine = new NodeStatusLine(session) { X = 0, Y = 0 };
        _message = new Label { X = 0, Y = 1, Width = Dim.Fill(), Height = 2 };
        Progress = new BusyLine(session) { X = 0, Y = 2 };
        Market = new MarketView(session);
        Wallet = new WalletView(session);
        MyOffers = new MyOffersView(session);
        Listings = new ListingsView(session);
        Peers = new PeersView(session);
        Trades = new TradesView(session);
        MyListings = new MyListingsView(session);
        _screens = [Market, Wallet, MyOffers, Listings, Peers, Trades, MyListings];
        foreach (var screen in _screens)
        {
            screen.X = 0;
            screen.Y = 3;
            screen.Visible = false;
        }

        _keys = new Dictionary<KeyCode, Action>
        {
            [Key.F2.KeyCode] = () => ShowScreen(Market),
            [Key.F3.KeyCode] = () => ShowScreen(Wallet),
            [Key.F4.KeyCode] = () => ShowScreen(MyOffers),
            [Key.F5.KeyCode] = () => ShowScreen(Listings),
            [Key.F6.KeyCode] = () => ShowScreen(Peers),
            [Key.F7.KeyCode] = () => ShowScreen(Trades),
            [Key.F8.KeyCode] = () => ShowScreen(MyListings),
            [Key.F9.KeyCode] = Refresh,
            [Key.F10.KeyCode] = () => App?.RequestStop(),
        };
        _keyBar = new KeyBar(
            [("F2", "Market"), ("F3", "Wallet"), ("F4", "Mine"), ("F5", "Shop"), ("F6", "Peers"), ("F7", "Trades"), ("F8", "Sell"), ("F10", "Quit")],
            ("F9", "Refresh"))
        {
            X = 0,
            Y = Pos.AnchorEnd(1),
        };
        KeyDown += (_, key) =>
        {
            if (_keys.TryGetValue(key.KeyCode, out var action))
            {
                action();
                key.Handled = true;
            }
        };
        Add(NodeLine, _message, Progress);
        Add([.. _screens]);
        Add(_keyBar);
        session.MessageShown += text => _message.Text = text;
        session.TradeFeed.UnreadChanged += _keyBar.SetUnread;
        Market.TradeTaken += trade =>
        {
            ShowScreen(Trades);
            Trades.Open(trade.TradeId);
        };
        Listings.OrderPlaced += order =>
        {
            ShowScreen(Trades);
            Trades.OpenOrder(order.OrderId);
        };
        _current = Market;
        ShowScreen(Market);
        NodeLine.Start();
        session.TradeFeed.Start();
        session.OrderFeed.Start();
        session.DisputeFeed.Start();
    }

    public NodeStatusLine NodeLine { get; }

    /// <summary>The line that shows what slow operation is in progress.</summary>
    public BusyLine Progress { get; }

    public MarketView Market { get; }

    public WalletView Wallet { get; }

    public MyOffersView MyOffers { get; }

    public ListingsView Listings { get; }

    public PeersView Peers { get; }

    public TradesView Trades { get; }

    public MyListingsView MyListings { get; }

    /// <summary>The screen on show.</summary>
    public Screen Current => _current;

    /// <summary>Shows <paramref name="screen"/> and reloads its data.</summary>
    public void ShowScreen(Screen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        _current.Visible = false;
        _current.Deactivate();
        _current = screen;
        screen.Visible = true;
        screen.FocusDefault();
        screen.Activate();
    }

    private void Refresh()
    {
        NodeLine.Refresh();
        _current.Activate();
    }
}
