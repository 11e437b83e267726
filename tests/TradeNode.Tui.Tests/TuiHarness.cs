using Terminal.Gui.App;
using Terminal.Gui.Drivers;
using Terminal.Gui.Input;
using Terminal.Gui.Testing;
using TradeNode.Api.Contracts.Client;
using TradeNode.Tui.Views;

namespace TradeNode.Tui.Tests;

/// <summary>
/// The app's main window on a headless ANSI driver of a fixed size. The test thread plays the UI loop: waiting for a
/// screen runs the queued UI work (API results arrive through IApplication.Invoke), lays out, draws, and reads the
/// screen back as text, until the condition holds or the deadline passes.
/// </summary>
internal sealed class TuiHarness : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly SessionToken? _token;

    public TuiHarness(ApiConnection api, int width = 80, int height = 24)
    {
        App = Application.Create();
        App.Init(DriverRegistry.Names.ANSI);

        // Terminal.Gui runs an Invoke at once when it comes from the thread that called Init. Here that is a pool
        // thread, which later also runs API continuations: they would then touch the views while the test thread
        // draws (seen as stale column widths and a focus exception). No thread has id -1, so every Invoke is queued
        // and runs on the test thread when it polls the screen, as on the real app's UI loop.
        // (The implementation's setter is public on an internal type, hence reflection.)
        var mainThread = App.GetType().GetProperty(nameof(IApplication.MainThreadId)) ?? throw new InvalidOperationException("Terminal.Gui no longer has MainThreadId.");
        mainThread.SetValue(App, -1);
        if (App.MainThreadId != -1)
        {
            throw new InvalidOperationException("The harness could not keep Invoke from running inline.");
        }
        App.Driver!.SetScreenSize(width, height);
        Session = new TuiSession(App, api);
        Window = new MainWindow(Session);
        _token = App.Begin(Window);
        App.LayoutAndDraw();
        DetachFromUiContext();
    }

    public IApplication App { get; }

    public TuiSession Session { get; }

    public MainWindow Window { get; }

    /// <summary>The screen as text, after running pending UI work and drawing.</summary>
    public string Screen
    {
        get
        {
            App.TimedEvents!.RunTimers();
            App.LayoutAndDraw();
            DetachFromUiContext();
            return App.Driver!.ToString() ?? string.Empty;
        }
    }

    /// <summary>The screen as last drawn, without running pending UI work (what the user sees right after a key).</summary>
    public string Drawn => App.Driver!.ToString() ?? string.Empty;

    /// <summary>Presses keys as the user would.</summary>
    public void Press(params Key[] keys)
    {
        foreach (var key in keys)
        {
            App.InjectKey(key);
            App.LayoutAndDraw();
            DetachFromUiContext();
        }
    }

    /// <summary>Types <paramref name="text"/> into the focused field, one key per character.</summary>
    public void Type(string text)
    {
        foreach (var character in text)
        {
            Press(new Key(character));
        }
    }

    /// <summary>Waits until the screen shows <paramref name="text"/>; returns the screen.</summary>
    public Task<string> WaitForTextAsync(string text, TimeSpan? timeout = null) => WaitForScreenAsync(screen => screen.Contains(text, StringComparison.Ordinal), $"'{text}'", timeout);

    /// <summary>Polls the screen (running UI work between polls) until <paramref name="condition"/> holds.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Deadline;
        var deadline = DateTime.UtcNow + limit;
        string screen;
        do
        {
            screen = Screen;
            if (condition(screen))
            {
                return screen;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The screen did not show {what} within {limit.TotalSeconds} s. It shows:\n{screen}");
    }

    /// <summary>
    /// Terminal.Gui installs its main loop's synchronisation context on the thread that drives it; only its loop runs
    /// what is posted there. Here the test is the loop, so the test's own awaits must not be posted there, or they
    /// would wait for a loop iteration that only they can start.
    /// </summary>
    private static void DetachFromUiContext() => SynchronizationContext.SetSynchronizationContext(null);

    public void Dispose()
    {
        Session.Dispose();
        if (_token is not null)
        {
            App.End(_token);
        }

        Window.Dispose();
        App.Dispose();
    }
}
