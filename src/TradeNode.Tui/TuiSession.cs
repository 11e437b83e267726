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
    private readonly List<string> _busy = [];

    public TuiSession(IApplication app, ApiConnection api)
    {
        App = app ?? throw new ArgumentNullException(nameof(app));
        Api = api ?? throw new ArgumentNullException(nameof(api));
        _stoppingToken = _stopping.Token;
        TradeFeed = new TradeFeed(this);
        OrderFeed = new OrderFeed(this);
        DisputeFeed = new DisputeFeed(this);
    }

    public IApplication App { get; }

    public ApiConnection Api { get; }

    /// <summary>This node's trades, live from Trades.Watch (started by the main window).</summary>
    public TradeFeed TradeFeed { get; }

    /// <summary>This node's goods orders, live from Orders.Watch (started by the main window).</summary>
    public OrderFeed OrderFeed { get; }

    /// <summary>This node's disputes, live from Disputes.Watch (started by the main window).</summary>
    public DisputeFeed DisputeFeed { get; }

    /// <summary>Cancelled when the app closes: ends streams and pending calls.</summary>
    public CancellationToken Stopping => _stoppingToken;

    /// <summary>Raised on the UI thread with a sentence to show in the message line (errors and confirmations).</summary>
    public event Action<string>? MessageShown;

    /// <summary>Raised on the UI thread when the set of long operations in progress changes (see <see cref="Busy"/>).</summary>
    public event Action? BusyChanged;

    /// <summary>What is in progress now, oldest first: one sentence per long call ("Taking the offer").</summary>
    public IReadOnlyList<string> Busy => _busy;

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
    /// failure becomes one readable sentence handed to <paramref name="onError"/> (or the message line). A call with
    /// a <paramref name="busy"/> sentence is slow enough to show: it is listed in <see cref="Busy"/> until it ends, and
    /// the main window animates a progress mark beside it. Call on the UI loop.
    /// </summary>
    public void Call<T>(Func<CancellationToken, Task<T>> call, Action<T> onSuccess, Action<string>? onError = null, string? busy = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(onSuccess);
        if (busy is not null)
        {
            _busy.Add(busy);
            BusyChanged?.Invoke();
        }

        void Done()
        {
            if (busy is not null && _busy.Remove(busy))
            {
                BusyChanged?.Invoke();
            }
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var result = await call(_stoppingToken).ConfigureAwait(false);
                OnUi(() =>
                {
                    Done();
                    onSuccess(result);
                });
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                var sentence = Describe(ex);
                OnUi(() =>
                {
                    Done();
                    (onError ?? (m => MessageShown?.Invoke(m)))(sentence);
                });
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
