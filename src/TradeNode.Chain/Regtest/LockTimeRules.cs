namespace TradeNode.Chain.Regtest;

/// <summary>Absolute (nLockTime) and relative (BIP68) lock rules, as Bitcoin Core's IsFinalTx and CalculateSequenceLocks.</summary>
public static class LockTimeRules
{
    /// <summary>nLockTime below this is a block height, at or above it a Unix time.</summary>
    public const uint LockTimeThreshold = 500_000_000;

    /// <summary>True when <paramref name="transaction"/> may be in a block at <paramref name="height"/> whose lock time reference is <paramref name="time"/>.</summary>
    public static bool IsFinal(Transaction transaction, int height, uint time)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.LockTime == 0)
        {
            return true;
        }

        var limit = transaction.LockTime < LockTimeThreshold ? (long)height : time;
        return transaction.LockTime < limit || transaction.Inputs.All(i => i.Sequence == TxIn.SequenceFinal);
    }

    /// <summary>
    /// The BIP68 lock of a transaction version 2 or later: the last height and time at which it is still locked
    /// (-1 when there is none). <paramref name="coinHeights"/> are the heights of the spent coins, in input order;
    /// <paramref name="medianTimeAt"/> gives the median time past of the block at a height.
    /// </summary>
    public static (int MinHeight, long MinTime) CalculateSequenceLocks(Transaction transaction, IReadOnlyList<int> coinHeights, Func<int, uint> medianTimeAt)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(coinHeights);
        ArgumentNullException.ThrowIfNull(medianTimeAt);
        var minHeight = -1;
        var minTime = -1L;
        if (transaction.Version < 2)
        {
            return (minHeight, minTime);
        }

        for (var i = 0; i < transaction.Inputs.Count; i++)
        {
            var sequence = transaction.Inputs[i].Sequence;
            if ((sequence & TxIn.SequenceLockTimeDisableFlag) != 0)
            {
                continue;
            }

            var coinHeight = coinHeights[i];
            var value = (long)(sequence & TxIn.SequenceLockTimeMask);
            if ((sequence & TxIn.SequenceLockTimeTypeFlag) != 0)
            {
                long coinTime = medianTimeAt(Math.Max(coinHeight - 1, 0));
                minTime = Math.Max(minTime, coinTime + (value << 9) - 1);
            }
            else
            {
                minHeight = Math.Max(minHeight, (int)Math.Min(int.MaxValue, coinHeight + value - 1));
            }
        }

        return (minHeight, minTime);
    }

    /// <summary>True when the locks allow a block at <paramref name="height"/> whose predecessor's median time past is <paramref name="previousMedianTime"/>.</summary>
    public static bool SequenceLocksPass((int MinHeight, long MinTime) locks, int height, uint previousMedianTime) =>
        locks.MinHeight < height && locks.MinTime < previousMedianTime;
}
