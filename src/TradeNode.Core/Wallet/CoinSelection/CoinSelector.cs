namespace TradeNode.Core.Wallet.CoinSelection;

/// <summary>
/// Chooses coins for a payment the way Bitcoin Core does in spirit: a branch-and-bound search for a set that pays
/// the target without change (excess at most the cost of making change), and a change-producing fallback
/// (largest first, or the smallest single coin that covers). Among the candidates the least waste wins, where
/// waste = Σ(fee now − fee at the long-term rate) + (excess when changeless, or the cost of change).
/// All amounts are satoshis; <c>target</c> is the amount plus the fees that do not depend on the inputs.
/// </summary>
internal static class CoinSelector
{
    /// <summary>Bitcoin Core's bound on branch-and-bound steps.</summary>
    public const int MaxBranchAndBoundTries = 100_000;

    /// <summary>
    /// The least-waste selection, or null when even all candidates cannot pay <paramref name="target"/>.
    /// <paramref name="changeFee"/> is the fee of the change output now; <paramref name="costOfChange"/> adds the
    /// long-term cost of spending it; <paramref name="minChange"/> is the smallest change worth an output (dust limit).
    /// </summary>
    public static CoinSelectionResult? Select(IReadOnlyList<SelectionCandidate> candidates, long target, long changeFee, long costOfChange, long minChange)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var usable = candidates.Where(c => c.EffectiveValue > 0).ToList();
        if (usable.Sum(c => c.EffectiveValue) < target)
        {
            return null;
        }

        var options = new List<CoinSelectionResult>();
        if (SelectBranchAndBound(usable, target, costOfChange) is { } exact)
        {
            options.Add(exact);
        }

        var withChange = target + changeFee + minChange;
        if (LargestFirst(usable, withChange) is { } largest)
        {
            options.Add(new CoinSelectionResult(largest, true, ChangeWaste(largest, costOfChange), "largest-first"));
        }

        if (usable.Where(c => c.EffectiveValue >= withChange).MinBy(c => c.EffectiveValue) is { } single)
        {
            options.Add(new CoinSelectionResult([single], true, ChangeWaste([single], costOfChange), "single-coin"));
        }

        if (options.Count == 0)
        {
            // Enough to pay, not enough for change worth having: spend largest first and leave the excess as fee.
            var all = LargestFirst(usable, target)!;
            var excess = all.Sum(c => c.EffectiveValue) - target;
            options.Add(new CoinSelectionResult(all, false, InputWaste(all) + excess, "changeless-fallback"));
        }

        return options.OrderBy(o => o.Waste).ThenBy(o => o.Inputs.Count).First();
    }

    /// <summary>
    /// Depth-first search over coins sorted by effective value, each either included or left out, for a set whose
    /// effective value lies in [target, target + costOfChange]; the least-waste set found within the step bound.
    /// </summary>
    public static CoinSelectionResult? SelectBranchAndBound(IReadOnlyList<SelectionCandidate> candidates, long target, long costOfChange)
    {
        var pool = candidates.Where(c => c.EffectiveValue > 0).OrderByDescending(c => c.EffectiveValue).ThenBy(c => c.Fee).ToList();
        var available = pool.Sum(c => c.EffectiveValue);
        if (available < target || pool.Count == 0)
        {
            return null;
        }

        // When fees are above the long-term rate, adding inputs only adds waste: prune branches already worse than the best.
        var feesAreHigh = pool[0].Fee > pool[0].LongTermFee;
        var selection = new List<int>();
        List<int>? best = null;
        var bestWaste = long.MaxValue;
        long value = 0;
        long waste = 0;
        var index = 0;
        for (var tries = 0; tries < MaxBranchAndBoundTries; tries++, index++)
        {
            var backtrack = false;
            if (value + available < target || value > target + costOfChange || (feesAreHigh && waste > bestWaste))
            {
                backtrack = true;
            }
            else if (value >= target)
            {
                var total = waste + (value - target);
                if (total <= bestWaste)
                {
                    bestWaste = total;
                    best = [.. selection];
                }

                backtrack = true;
            }

            if (backtrack)
            {
                if (selection.Count == 0)
                {
                    break;
                }

                // Give back the coins skipped after the last included one, then try the branch without that one.
                for (index--; index > selection[^1]; index--)
                {
                    available += pool[index].EffectiveValue;
                }

                var last = pool[index];
                value -= last.EffectiveValue;
                waste -= last.Fee - last.LongTermFee;
                selection.RemoveAt(selection.Count - 1);
            }
            else
            {
                var coin = pool[index];
                available -= coin.EffectiveValue;

                // A coin equal to the previous one that was just left out would only repeat that branch.
                var duplicateOfOmitted = selection.Count > 0 && index - 1 != selection[^1]
                    && coin.EffectiveValue == pool[index - 1].EffectiveValue && coin.Fee == pool[index - 1].Fee;
                if (selection.Count == 0 || !duplicateOfOmitted)
                {
                    selection.Add(index);
                    value += coin.EffectiveValue;
                    waste += coin.Fee - coin.LongTermFee;
                }
            }
        }

        return best is null ? null : new CoinSelectionResult(best.Select(i => pool[i]).ToList(), false, bestWaste, "branch-and-bound");
    }

    private static List<SelectionCandidate>? LargestFirst(List<SelectionCandidate> candidates, long target)
    {
        var chosen = new List<SelectionCandidate>();
        long sum = 0;
        foreach (var coin in candidates.OrderByDescending(c => c.EffectiveValue))
        {
            chosen.Add(coin);
            sum += coin.EffectiveValue;
            if (sum >= target)
            {
                return chosen;
            }
        }

        return null;
    }

    private static long InputWaste(IEnumerable<SelectionCandidate> inputs) => inputs.Sum(i => i.Fee - i.LongTermFee);

    private static long ChangeWaste(IEnumerable<SelectionCandidate> inputs, long costOfChange) => InputWaste(inputs) + costOfChange;
}
