using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;

namespace TradeNode.Core.Trades.Escrow;

/// <summary>
/// Builds the PSBT that spends an escrow: one input (the funding output), the agreed payouts, nothing else. The fee
/// is whatever the payouts leave of the escrow amount. The PSBT carries the funding output and the witness script, so
/// any party (or an external wallet) can check and sign it without asking anyone.
/// </summary>
public static class EscrowTransactions
{
    /// <summary>No payout output may be smaller: above every output type's dust threshold at Core's default relay fee.</summary>
    public const long MinPayoutSats = 546;

    /// <summary>The virtual size of a payout with <paramref name="outputs"/> outputs of P2WPKH size, once two signatures are in.</summary>
    public static int EstimatePayoutVirtualSize(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputs, 1);
        var unsigned = new Transaction();
        unsigned.Inputs.Add(new TxIn(new OutPoint(UInt256.One, 0)));
        for (var i = 0; i < outputs; i++)
        {
            unsigned.Outputs.Add(new TxOut(Money.Satoshis(MinPayoutSats), new Script(new byte[22])));
        }

        return TransactionSizeEstimator.EstimateVirtualSize(unsigned, [EstimatedInput.Multisig(InputSpendKind.P2WSHMultisig, EscrowContract.RequiredSignatures, 3)]);
    }

    /// <summary>
    /// The unsigned payout PSBT: spends <paramref name="funding"/> (which must hold exactly the contract's amount) to
    /// <paramref name="payouts"/>. Refuses payouts that are empty, below <see cref="MinPayoutSats"/>, or that add up
    /// to more than the escrow holds.
    /// </summary>
    public static PSBT CreatePayout(EscrowContract contract, OutPoint funding, IReadOnlyList<EscrowPayout> payouts)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(funding);
        ArgumentNullException.ThrowIfNull(payouts);
        if (payouts.Count == 0)
        {
            throw new InvalidInputException("payouts", "A payout needs at least one output.");
        }

        long total = 0;
        foreach (var payout in payouts)
        {
            if (payout.AmountSats < MinPayoutSats)
            {
                throw new InvalidInputException("payouts", $"A payout of {payout.AmountSats} sats is below the dust limit of {MinPayoutSats} sats.");
            }

            total = checked(total + payout.AmountSats);
        }

        if (total >= contract.AmountSats)
        {
            throw new InvalidInputException("payouts", $"The payouts add up to {total} sats, which leaves no fee out of the escrow's {contract.AmountSats} sats.");
        }

        var transaction = new Transaction { Version = 2 };
        transaction.Inputs.Add(new TxIn(funding, sequence: TxIn.SequenceFinal - 2));
        foreach (var payout in payouts)
        {
            transaction.Outputs.Add(new TxOut(Money.Satoshis(payout.AmountSats), payout.Destination));
        }

        var psbt = PSBT.FromTransaction(transaction, contract.Network);
        psbt.Inputs[0].WitnessUtxo = new TxOut(Money.Satoshis(contract.AmountSats), contract.ScriptPubKey);
        psbt.Inputs[0].WitnessScript = contract.WitnessScript;
        return psbt;
    }

    /// <summary>
    /// Everything wrong with <paramref name="psbt"/> as the payout of <paramref name="contract"/> from
    /// <paramref name="funding"/> to exactly <paramref name="expected"/> (same outputs, same amounts, in that order),
    /// as sentences; empty when it is safe to sign. Checked by every party before it signs.
    /// </summary>
    public static IReadOnlyList<string> CheckPayout(PSBT psbt, EscrowContract contract, OutPoint funding, IReadOnlyList<EscrowPayout> expected)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(funding);
        ArgumentNullException.ThrowIfNull(expected);
        var problems = new List<string>();
        var transaction = psbt.GetGlobalTransaction();
        if (transaction.Inputs.Count != 1 || !transaction.Inputs[0].PrevOut.Equals(funding))
        {
            problems.Add($"The payout must spend only the escrow output {funding}.");
        }

        if (transaction.LockTime != 0)
        {
            problems.Add("The payout must not be time-locked.");
        }

        var input = psbt.Inputs.Count == 1 ? psbt.Inputs[0] : null;
        if (input?.WitnessUtxo is not { } spent || spent.ScriptPubKey != contract.ScriptPubKey || spent.Value.Satoshi != contract.AmountSats)
        {
            problems.Add($"The payout's input must be the escrow output of {contract.AmountSats} sats to {contract.Address}.");
        }

        if (input is not null && input.WitnessScript is { } script && script != contract.WitnessScript)
        {
            problems.Add("The payout's witness script is not the contract's 2-of-3 escrow script.");
        }

        if (transaction.Outputs.Count != expected.Count)
        {
            problems.Add($"The payout has {transaction.Outputs.Count} outputs; the contract pays {expected.Count}.");
        }
        else
        {
            for (var i = 0; i < expected.Count; i++)
            {
                var output = transaction.Outputs[i];
                if (output.ScriptPubKey != expected[i].Destination || output.Value.Satoshi != expected[i].AmountSats)
                {
                    problems.Add($"Payout output {i} pays {output.Value.Satoshi} sats to {Describe(output.ScriptPubKey, contract.Network)}; the contract says {expected[i].AmountSats} sats to {Describe(expected[i].Destination, contract.Network)}.");
                }
            }
        }

        return problems;
    }

    /// <summary>
    /// True when input 0 of <paramref name="psbt"/> (the escrow spend) carries a signature by <paramref name="key"/> that
    /// verifies against the BIP143 hash of the escrow's witness script and amount: how a signature made elsewhere (an
    /// external wallet, an offline key) is checked before it is used.
    /// </summary>
    public static bool HasValidSignature(PSBT psbt, EscrowContract contract, PubKey key)
    {
        ArgumentNullException.ThrowIfNull(psbt);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(key);
        if (psbt.Inputs.Count != 1 || !psbt.Inputs[0].PartialSigs.TryGetValue(key, out var signature))
        {
            return false;
        }

        var hash = psbt.GetGlobalTransaction().GetSignatureHash(contract.WitnessScript, 0, signature.SigHash, Money.Satoshis(contract.AmountSats), HashVersion.WitnessV0);
        return signature.SigHash == SigHash.All && key.Verify(hash, signature.Signature);
    }

    private static string Describe(Script script, Network network) =>
        Bitcoin.Addresses.ScriptAddressExtensions.GetDestinationAddress(script, network)?.ToString() ?? script.ToHex();
}
