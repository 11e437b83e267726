using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace TradeNode.Core;

/// <summary>
/// Turns a change event into a stream for one subscriber: matching changes go into the subscriber's own bounded queue
/// (a reader that falls behind loses the oldest), and the handler is removed when the stream ends.
/// </summary>
internal static class ChangeStream
{
    public static async IAsyncEnumerable<T> WatchAsync<T>(
        Action<EventHandler<T>> subscribe,
        Action<EventHandler<T>> unsubscribe,
        Func<T, bool> matches,
        int capacity,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnChanged(object? sender, T change)
        {
            if (matches(change))
            {
                channel.Writer.TryWrite(change);
            }
        }

        subscribe(OnChanged);
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            unsubscribe(OnChanged);
        }
    }
}
