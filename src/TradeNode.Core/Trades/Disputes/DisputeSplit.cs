using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// The arithmetic of a dispute payout, repeated by the arbitrator when it decides and by each trader before it
/// co-signs: the arbitrator's fee is the contract's basis points of the escrow (rounded down, and nothing when that is
/// below the dust limit), the mining fee is a fee rate times the payout's estimated size, and buyer + seller +
/// arbitrator fee + mining fee must be the escrow exactly. A share of 0 has no output.
/// </summary>
public static class DisputeSplit
{
    /// <summary>The arbitrator's fee for an escrow of <paramref name="escrowSats"/> at <paramref name="feeBps"/> basis points.</summary>
    public static long ArbitratorFee(long escrowSats, int feeBps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(escrowSats);
        ArgumentOutOfRangeException.ThrowIfNegative(feeBps);
        var fee = (long)((Int128)escrowSats * feeBps / 10_000);
        return fee < EscrowTransactions.MinPayoutSats ? 0 : fee;
    }

    /// <summary>How many outputs a payout of these shares has (each positive share is one).</summary>
    public static int OutputCount(long buyerSats, long sellerSats, long arbitratorFeeSats) =>
        (buyerSats > 0 ? 1 : 0) + (sellerSats > 0 ? 1 : 0) + (arbitratorFeeSats > 0 ? 1 : 0);

    /// <summary>The mining fee of a payout with <paramref name="outputs"/> outputs at <paramref name="feeRate"/>.</summary>
    public static long MiningFee(FeeRate feeRate, int outputs)
    {
        return feeRate.GetFee(EscrowTransactions.EstimatePayoutVirtualSize(outputs)).Satoshi;
    }

    /// <summary>
    /// Refuses a split that does not add up, with the numbers: a negative share, a positive share below the dust limit,
    /// no trader paid at all, or buyer + seller + arbitrator fee + mining fee other than the escrow.
    /// </summary>
    public static void Check(long escrowSats, long buyerSats, long sellerSats, long arbitratorFeeSats, long miningFeeSats)
    {
        foreach (var (amount, field) in new[] { (buyerSats, "buyer_sats"), (sellerSats, "seller_sats") })
        {
            if (amount < 0)
            {
                throw new InvalidInputException(field, $"A share cannot be negative ({amount} sats).");
            }

            if (amount is > 0 and < EscrowTransactions.MinPayoutSats)
            {
                throw new InvalidInputException(field, $"A share of {amount} sats is below the dust limit of {EscrowTransactions.MinPayoutSats} sats; give 0 or at least that.");
            }
        }

        if (buyerSats == 0 && sellerSats == 0)
        {
            throw new InvalidInputException("buyer_sats", "At least one trader must be paid.");
        }

        var total = (Int128)buyerSats + sellerSats + arbitratorFeeSats + miningFeeSats;
        if (total != escrowSats)
        {
            var difference = (Int128)escrowSats - total;
            throw new InvalidInputException(
                "buyer_sats",
                $"buyer {buyerSats} + seller {sellerSats} + arbitrator fee {arbitratorFeeSats} + mining fee {miningFeeSats} = {total} sats, "
                + $"but the escrow holds {escrowSats} sats ({(difference > 0 ? "+" : string.Empty)}{difference} to distribute).");
        }
    }

    /// <summary>
    /// The payout outputs of a decision, in a fixed order (buyer, seller, arbitrator), leaving out shares of 0: what the
    /// arbitrator builds and what each trader expects to find.
    /// </summary>
    public static IReadOnlyList<EscrowPayout> Payouts(Script buyerScript, long buyerSats, Script sellerScript, long sellerSats, Script? arbitratorScript, long arbitratorFeeSats)
    {
        ArgumentNullException.ThrowIfNull(buyerScript);
        ArgumentNullException.ThrowIfNull(sellerScript);
        var payouts = new List<EscrowPayout>();
        if (buyerSats > 0)
        {
            payouts.Add(new EscrowPayout(buyerScript, buyerSats));
        }

        if (sellerSats > 0)
        {
            payouts.Add(new EscrowPayout(sellerScript, sellerSats));
        }

        if (arbitratorFeeSats > 0)
        {
            payouts.Add(new EscrowPayout(arbitratorScript ?? throw new InvalidInputException("arbitrator_payout_script", "An arbitrator's fee needs an address."), arbitratorFeeSats));
        }

        return payouts;
    }
}
