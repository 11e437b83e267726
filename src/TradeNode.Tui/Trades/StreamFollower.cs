using Grpc.Core;
using TradeNode.Api.Contracts.Client;

namespace TradeNode.Tui.Trades;

/// <summary>
/// How the app's feeds follow a Watch stream: open the stream, wait for its headers (the node has subscribed, so no
/// change falls between them and the list), read the list, then every change, each handed to the UI loop. A broken
/// stream (the node went away or restarted) is opened again a few seconds later and the list read again; the app
/// closing ends it.
/// </summary>
public static class StreamFollower
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Follows <paramref name="open"/>'s stream until the app stops: <paramref name="onListed"/> runs on the UI loop for
    /// each item of <paramref name="list"/>, <paramref name="onChanged"/> for each change the stream brings.
    /// </summary>
    public static async Task FollowAsync<T>(TuiSession session, Func<CancellationToken, AsyncServerStreamingCall<T>> open, Func<CancellationToken, Task<IEnumerable<T>>> list,
        Action<T> onListed, Action<T> onChanged)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(onListed);
        ArgumentNullException.ThrowIfNull(onChanged);
        var stopping = session.Stopping;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var call = open(stopping);
                await call.ResponseHeadersAsync.ConfigureAwait(false);
                var items = (await list(stopping).ConfigureAwait(false)).ToList();
                session.OnUi(() => items.ForEach(onListed));
                await foreach (var item in call.ResponseStream.ReadAllAsync(stopping).ConfigureAwait(false))
                {
                    session.OnUi(() => onChanged(item));
                }
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or ApiConnectionException && !stopping.IsCancellationRequested)
            {
                // The node went away or restarted; the next attempt reads the list again.
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Task.Delay(RetryDelay, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
