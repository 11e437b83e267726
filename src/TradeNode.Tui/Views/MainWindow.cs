using Terminal.Gui.Drawing;
using Terminal.Gui.Input;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;
using TradeNode.Tui.Screens;

namespace TradeNode.Tui.Views;

/// <summary>
/// The app's one window: the node line on top, a two-line message area, the current screen, and the status bar
/// whose function keys switch screens (F2 market, F3 wallet, F4 my offers, F5 listings, F6 peers, F10 quit,
/// F9 refresh). Fits 80x24 and grows with the terminal.
/// </summary>
public sealed class MainWindow : Window
{
    private readonly TuiSession _session;
    private readonly Label _message;
    private readonly List<Screen> _screens;
    private Screen _current;

    public MainWindow(TuiSession session)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        Title = "TradeNode";
        BorderStyle = LineStyle.None;
        NodeLine = new NodeStatusLine(session) { X = 0, Y = 0 };
        _message = new Label { X = 0, Y = 1, Width = Dim.Fill(), Height = 2 };
        Market = new MarketView(session);
        Wallet = new WalletView(session);
        MyOffers = new MyOffersView(session);
        Listings = new ListingsView(session);
        Peers = new PeersView(session);
        _screens = [Market, Wallet, MyOffers, Listings, Peers];
        foreach (var screen in _screens)
        {
            screen.X = 0;
            screen.Y = 3;
            screen.Visible = false;
        }

        var statusBar = new StatusBar(
        [
            Shortcut(Key.F2, "Market", Market),
            Shortcut(Key.F3, "Wallet", Wallet),
            Shortcut(Key.F4, "Mine", MyOffers),
            Shortcut(Key.F5, "Shop", Listings),
            Shortcut(Key.F6, "Peers", Peers),
            new Shortcut(Key.F10, "Quit", () => App?.RequestStop()) { BindKeyToApplication = true },
            new Shortcut(Key.F9, "Refresh", Refresh) { BindKeyToApplication = true },
        ]);
        Add(NodeLine, _message);
        Add([.. _screens]);
        Add(statusBar);
        session.MessageShown += text => _message.Text = text;
        _current = Market;
        ShowScreen(Market);
        NodeLine.Start();
    }

    public NodeStatusLine NodeLine { get; }

    public MarketView Market { get; }

    public WalletView Wallet { get; }

    public MyOffersView MyOffers { get; }

    public ListingsView Listings { get; }

    public PeersView Peers { get; }

    /// <summary>The screen on show.</summary>
    public Screen Current => _current;

    /// <summary>Shows <paramref name="screen"/> and reloads its data.</summary>
    public void ShowScreen(Screen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        _current.Visible = false;
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

    private Shortcut Shortcut(Key key, string text, Screen screen) =>
        new(key, text, () => ShowScreen(screen)) { BindKeyToApplication = true };
}
