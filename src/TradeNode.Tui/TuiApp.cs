using Terminal.Gui.App;
using TradeNode.Api.Contracts.Client;
using TradeNode.Tui.Views;

namespace TradeNode.Tui;

/// <summary>Runs the terminal front-end against a node's API until the user quits (F10).</summary>
public static class TuiApp
{
    /// <summary>Takes over the terminal, shows the market and returns when the user quits.</summary>
    public static void Run(ApiConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var app = Application.Create().Init();
        using var session = new TuiSession(app, connection);
        using var window = new MainWindow(session);
        app.Run(window);
    }
}
