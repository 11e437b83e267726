using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Chain;

namespace TradeNode.Core.Trades;

/// <summary>
/// Confirmation counts of a trade's (or order's) transactions, read from the chain: <see cref="CountAsync"/> at read
/// time for the API, and <see cref="RoseAsync"/> for a service's loop, which raises a change when a count moves, up to
/// <c>depth</c> confirmations and not forever. Counts are whole numbers: 0 in the mempool, <see cref="NotPublished"/>
/// when the chain does not know the transaction (or there is none yet).
/// </summary>
internal sealed class ConfirmationTracker(IChainClient chain, int depth)
{
    /// <summary>The count of a transaction the chain does not know (not published, or no transaction yet).</summary>
    public const int NotPublished = -1;

    private readonly ConcurrentDictionary<string, int[]> _seen = new(StringComparer.Ordinal);

    /// <summary>The ids still watched (a closed trade stays until its transactions reached the depth).</summary>
    public ICollection<string> Watched => _seen.Keys;

    /// <summary>The confirmations of <paramref name="txid"/> (hex) now: 0 in the mempool, <see cref="NotPublished"/> when unknown or empty.</summary>
    public static async Task<int> CountAsync(IChainClient chain, string txid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!UInt256.TryParse(txid, out var id))
        {
            return NotPublished;
        }

        var transaction = await chain.GetTransactionAsync(id, cancellationToken).ConfigureAwait(false);
        return transaction?.Confirmations ?? NotPublished;
    }

    /// <summary>
    /// The confirmations of <paramref name="txid"/> for a reader (the API): read from the chain now; when the chain
    /// cannot be read (down, slow), the count the loop saw last for <paramref name="id"/>'s transaction number
    /// <paramref name="index"/>, else <see cref="NotPublished"/>. A read never fails because of the chain.
    /// </summary>
    public async Task<int> ReadAsync(string id, int index, string txid, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(logger);
        try
        {
            return await CountAsync(chain, txid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Reading the confirmations of {Txid} failed; showing the last count seen: {Reason}", txid, e.Message);
            return _seen.TryGetValue(id, out var seen) && index < seen.Length ? seen[index] : NotPublished;
        }
    }

    /// <summary>
    /// One pass of a service's loop: for each of <paramref name="openIds"/> and the ids still watched, reads the item
    /// (<paramref name="find"/>), its transaction ids and whether it is closed (<paramref name="describe"/>), and calls
    /// <paramref name="raise"/> when a count moved. A failed chain read is logged and tried on the next pass.
    /// </summary>
    public async Task PassAsync<T>(IEnumerable<string> openIds, Func<string, T?> find, Func<T, (IReadOnlyList<string> Txids, bool Closed)> describe, Action<T> raise,
        ILogger logger, CancellationToken cancellationToken = default)
        where T : class
    {
        foreach (var id in openIds.Union(Watched, StringComparer.Ordinal).ToList())
        {
            if (find(id) is not { } item)
            {
                continue;
            }

            try
            {
                var (txids, closed) = describe(item);
                if (await RoseAsync(id, txids, closed, cancellationToken).ConfigureAwait(false))
                {
                    raise(item);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug("Reading the confirmations of {Id} failed: {Reason}", id, e.Message);
            }
        }
    }

    /// <summary>
    /// Reads the counts of <paramref name="txids"/> (those seen at the depth already are not read again) and tells
    /// whether any moved since the last call for <paramref name="id"/> (the first call only records them). A closed
    /// trade is forgotten once none of its transactions has anything left to reach.
    /// </summary>
    public async Task<bool> RoseAsync(string id, IReadOnlyList<string> txids, bool closed, CancellationToken cancellationToken = default)
    {
        _seen.TryGetValue(id, out var previous);
        var counts = new int[txids.Count];
        for (var i = 0; i < txids.Count; i++)
        {
            counts[i] = previous is { Length: > 0 } && previous.Length == txids.Count && previous[i] >= depth
                ? previous[i]
                : await CountAsync(chain, txids[i], cancellationToken).ConfigureAwait(false);
        }

        if (closed && counts.All(c => c >= depth || c == NotPublished))
        {
            _seen.TryRemove(id, out _);
        }
        else
        {
            _seen[id] = counts;
        }

        return previous is not null && !previous.AsSpan().SequenceEqual(counts);
    }
}
