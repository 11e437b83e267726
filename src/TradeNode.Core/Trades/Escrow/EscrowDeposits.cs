using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// The deposit (funding) transaction of an escrow, built together: output 0 pays the escrow exactly its amount, each
/// contributor adds its coins and gets its change back. Each party signs only its own inputs, and only after
/// <see cref="CheckDeposit"/> finds nothing wrong from its point of view.
/// </summary>
public static class EscrowDeposits
{
    private const int TransactionOverheadVBytes = 11;
    private const int P2wpkhInputVBytes = 68;
    private const int P2wpkhOutputVBytes = 31;
    private const int P2wshOutputVBytes = 43;

    /// <summary>Virtual size of a deposit with <paramref name="inputs"/> P2WPKH inputs, the escrow output and <paramref name="changes"/> P2WPKH change outputs.</summary>
    public static int EstimateVirtualSize(int inputs, int changes) =>
        TransactionOverheadVBytes + (inputs * P2wpkhInputVBytes) + P2wshOutputVBytes + (changes * P2wpkhOutputVBytes);

    /// <summary>Builds the unsigned deposit PSBT; refuses shares that do not add up to the escrow amount or change below dust.</summary>
    public static PSBT CreateDeposit(EscrowContract contract, IReadOnlyList<DepositContribution> contributions)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(contributions);
        if (contributions.Count == 0)
        {
            throw new InvalidInputException("contributions", "A deposit needs at least one contributor.");
        }

        var shares = contributions.Sum(c => c.EscrowShareSats);
        if (shares != contract.AmountSats)
        {
            throw new InvalidInputException("contributions", $"The escrow shares add up to {shares} sats; the escrow holds {contract.AmountSats} sats.");
        }

        var transaction = new Transaction { Version = 2 };
        transaction.Outputs.Add(new TxOut(Money.Satoshis(contract.AmountSats), contract.ScriptPubKey));
        var seen = new HashSet<OutPoint>();
        foreach (var contribution in contributions)
        {
            ValidateContribution(contribution);
            foreach (var coin in contribution.Coins)
            {
                if (!seen.Add(coin.Outpoint))
                {
                    throw new InvalidInputException("contributions", $"The coin {coin.Outpoint} is spent twice.");
                }

                transaction.Inputs.Add(new TxIn(coin.Outpoint, sequence: TxIn.SequenceFinal - 2));
            }

            if (contribution.ChangeSats > 0)
            {
                transaction.Outputs.Add(new TxOut(Money.Satoshis(contribution.ChangeSats), contribution.ChangeDestination!));
            }
        }

        var psbt = PSBT.FromTransaction(transaction, contract.Network);
        psbt.AddCoins([.. contributions.SelectMany(c => c.Coins)]);
        return psbt;
    }

    /// <summary>
    /// Everything wrong with <paramref name="psbt"/> as the deposit of <paramref name="contract"/> from the point of
    /// view of the party that contributes <paramref name="mine"/>, as sentences; empty when it is safe to sign: the
    /// escrow output is there once with exactly the amount, every one of my coins is an input, my change comes back in
    /// full, and the transaction spends no more of my money than my escrow share and my fee share.
    /// </summary>
    public static IReadOnlyList<string> CheckDeposit(PSBT psbt, EscrowContract contract, DepositContribution mine)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(mine);
        var problems = new List<string>();
        var transaction = psbt.GetGlobalTransaction();
        var escrowOutputs = transaction.Outputs.Where(o => o.ScriptPubKey == contract.ScriptPubKey).ToList();
        if (escrowOutputs.Count != 1 || escrowOutputs[0].Value.Satoshi != contract.AmountSats)
        {
            problems.Add($"The deposit must pay the escrow {contract.Address} exactly {contract.AmountSats} sats in one output.");
        }

        if (transaction.LockTime != 0)
        {
            problems.Add("The deposit must not be time-locked.");
        }

        var inputs = transaction.Inputs.Select(i => i.PrevOut).ToHashSet();
        foreach (var coin in mine.Coins)
        {
            if (!inputs.Contains(coin.Outpoint))
            {
                problems.Add($"My coin {coin.Outpoint} is missing from the deposit.");
            }
        }

        for (var i = 0; i < psbt.Inputs.Count; i++)
        {
            var txOut = psbt.Inputs[i].GetTxOut();
            if (txOut is null)
            {
                problems.Add($"Deposit input {i} does not say what it spends, so its amount cannot be checked.");
                continue;
            }

            var own = mine.Coins.FirstOrDefault(c => c.Outpoint.Equals(psbt.Inputs[i].PrevOut));
            if (own is not null && (own.TxOut.Value != txOut.Value || own.TxOut.ScriptPubKey != txOut.ScriptPubKey))
            {
                problems.Add($"Deposit input {i} claims my coin {own.Outpoint} holds {txOut.Value.Satoshi} sats; it holds {own.Amount.Satoshi}.");
            }
        }

        if (mine.ChangeSats > 0)
        {
            var change = transaction.Outputs.Count(o => o.ScriptPubKey == mine.ChangeDestination && o.Value.Satoshi == mine.ChangeSats);
            if (change != 1)
            {
                problems.Add($"My change of {mine.ChangeSats} sats does not come back to me in one output.");
            }
        }

        var totalIn = psbt.Inputs.Sum(i => i.GetTxOut()?.Value.Satoshi ?? 0);
        var totalOut = transaction.Outputs.Sum(o => o.Value.Satoshi);
        if (totalIn - totalOut < mine.FeeShareSats)
        {
            problems.Add($"The deposit pays {totalIn - totalOut} sats of fee, less than my share of {mine.FeeShareSats} sats; someone else is short.");
        }

        return problems;
    }

    private static void ValidateContribution(DepositContribution contribution)
    {
        if (contribution.Coins.Count == 0)
        {
            throw new InvalidInputException("contributions", $"The {Role(contribution)} contributes no coins.");
        }

        if (contribution.EscrowShareSats < 0 || contribution.FeeShareSats < 0)
        {
            throw new InvalidInputException("contributions", $"The {Role(contribution)}'s shares must not be negative.");
        }

        if (contribution.ChangeSats < 0)
        {
            throw new InvalidInputException("contributions", $"The {Role(contribution)}'s coins hold {contribution.InputSats} sats, less than its shares of {contribution.EscrowShareSats + contribution.FeeShareSats} sats.");
        }

        if (contribution.ChangeSats is > 0 and < EscrowTransactions.MinPayoutSats)
        {
            throw new InvalidInputException("contributions", $"The {Role(contribution)}'s change of {contribution.ChangeSats} sats is below the dust limit; add it to the fee share.");
        }

        if (contribution.ChangeSats > 0 && contribution.ChangeDestination is null)
        {
            throw new InvalidInputException("contributions", $"The {Role(contribution)} has change but no change address.");
        }
    }

    private static string Role(DepositContribution contribution) => contribution.Role.ToString().ToLowerInvariant();
}
