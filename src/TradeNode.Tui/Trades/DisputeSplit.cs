namespace TradeNode.Tui.Trades;

/// <summary>
/// The arbitrator's payout split checked before Disputes.Resolve is called: the buyer's and the seller's shares plus
/// the arbitrator's fee plus the mining fee must be the escrow exactly (the node's own rule). The mining fee is the
/// quote from Disputes.Get for one output or for both, as the split pays one trader or both.
/// </summary>
public static class DisputeSplit
{
    /// <summary>
    /// The mining fee for a split that pays <paramref name="buyerSats"/> and <paramref name="sellerSats"/>: the
    /// two-trader quote when both get something, else the one-trader quote.
    /// </summary>
    public static long MiningFee(long buyerSats, long sellerSats, long oneTraderFeeSats, long bothTradersFeeSats) =>
        buyerSats > 0 && sellerSats > 0 ? bothTradersFeeSats : oneTraderFeeSats;

    /// <summary>
    /// Null when the split adds up to the escrow; else one sentence with the numbers, shown under the form.
    /// <paramref name="seller"/> is what the case calls its seller ("vendor" for a goods order).
    /// </summary>
    public static string? Check(long escrowSats, long arbitratorFeeSats, long buyerSats, long sellerSats, long miningFeeSats, string seller = "seller")
    {
        if (buyerSats < 0 || sellerSats < 0)
        {
            return "A share cannot be negative.";
        }

        if (buyerSats == 0 && sellerSats == 0)
        {
            return $"Give the escrow to the buyer, the {seller} or both.";
        }

        var total = buyerSats + sellerSats + arbitratorFeeSats + miningFeeSats;
        if (total != escrowSats)
        {
            var difference = escrowSats - total;
            return $"The split does not add up: buyer {buyerSats} + {seller} {sellerSats} + arbitrator fee {arbitratorFeeSats} + mining fee {miningFeeSats} = {total} sats, "
                + $"the escrow holds {escrowSats} sats ({(difference > 0 ? $"{difference} sats left over" : $"{-difference} sats too many")}).";
        }

        return null;
    }

    /// <summary>
    /// Null when the seller's share can be paid; else why not: a goods vendor names where its share goes when it opens
    /// or joins the dispute, and until the arbitrator knows it only a split that gives the vendor nothing can be made.
    /// </summary>
    public static string? CheckSellerShare(long sellerSats, bool sellerPayoutKnown, string seller = "seller") =>
        sellerSats > 0 && !sellerPayoutKnown
            ? $"The {seller} has not named where its share goes yet (it does when it joins the case): give it 0, or wait."
            : null;
}
