using System.Collections.Concurrent;
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
