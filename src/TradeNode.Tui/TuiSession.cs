using Grpc.Core;
using TradeNode.Api.Contracts.Client;
using Terminal.Gui.App;
using TradeNode.Tui.Trades;

namespace TradeNode.Tui;

/// <summary>
/// What every screen shares: the application (to marshal UI updates onto its loop), the API connection, a place to
/// show messages, and a token that ends background calls and streams when the app closes. API calls run off the UI
/// thread; their results and errors come back through <see cref="IApplication.Invoke(Action)"/>.
/// </summary>
public sealed class TuiSession : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;

    public TuiSession(IApplication app, ApiConnection api)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        Api = api ?? throw new ArgumentNullException(nameof(api));
        _stoppingToken = _stopping.Token;
        TradeFeed = new TradeFeed(this);
    }

    public IApplication App { get; }

    public ApiConnection Api { get; }

    /// <summary>This node's trades, live from Trades.Watch (started by the main window).</summary>
    public TradeFeed TradeFeed { get; }

    /// <summary>Cancelled when the app closes: ends streams and pending calls.</summary>
    public CancellationToken Stopping => _stoppingToken;

    /// <summary>Raised on the UI thread with a sentence to show in the message line (errors and confirmations).</summary>
    public event Action<string>? MessageShown;

    /// <summary>Raised on the UI thread with the wallet's latest status (from Wallet.Watch or a poll).</summary>
    public event Action<TradeNode.Api.V1.WalletStatus>? WalletStatusChanged;

    /// <summary>Hands a fresh wallet status to every screen that shows one (from any thread).</summary>
    public void PublishWalletStatus(TradeNode.Api.V1.WalletStatus status) => OnUi(() => WalletStatusChanged?.Invoke(status));

    /// <summary>Shows <paramref name="message"/> in the message line (from any thread).</summary>
    public void ShowMessage(string message) => OnUi(() => MessageShown?.Invoke(message));

    /// <summary>Runs <paramref name="action"/> on the UI loop.</summary>
    public void OnUi(Action action)
    {
        if (!_stopping.IsCancellationRequested)
        {
            App.Invoke(action);
        }
    }

    /// <summary>
    /// Starts an API call in the background; <paramref name="onSuccess"/> runs on the UI loop with its result, and a
    /// failure becomes one readable sentence handed to <paramref name="onError"/> (or the message line).
    /// </summary>
    public void Call<T>(Func<CancellationToken, Task<T>> call, Action<T> onSuccess, Action<string>? onError = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(onSuccess);
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await call(_stoppingToken).ConfigureAwait(false);
                OnUi(() => onSuccess(result));
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                var sentence = Describe(ex);
                OnUi(() => (onError ?? (m => MessageShown?.Invoke(m)))(sentence));
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                // The app is closing; nobody is left to tell.
            }
        });
    }

    /// <summary>The sentence for a failed call; never a stack trace.</summary>
    public string Describe(Exception exception) => exception switch
    {
        RpcException rpc => ApiErrors.Describe(rpc, Api),
        ApiConnectionException connection => connection.Message,
        _ => $"The call failed ({exception.GetType().Name}).",
    };

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
