using TradeNode.Tui.Trades;

namespace TradeNode.Tui.Tests.Trades;

/// <summary>The arbitrator's split form checks the sums before it asks the node to sign.</summary>
public sealed class DisputeSplitTests
{
    [Fact]
    public void A_split_that_adds_up_to_the_escrow_passes()
    {
        Assert.Null(DisputeSplit.Check(escrowSats: 1_000_000, arbitratorFeeSats: 10_000, buyerSats: 600_000, sellerSats: 389_000, miningFeeSats: 1_000));
    }

    [Fact]
    public void A_split_short_of_the_escrow_names_the_numbers_and_what_is_left_over()
    {
        var problem = DisputeSplit.Check(1_000_000, 10_000, 600_000, 300_000, 1_000);

        Assert.NotNull(problem);
        Assert.Contains("does not add up", problem, StringComparison.Ordinal);
        Assert.Contains("= 911000 sats", problem, StringComparison.Ordinal);
        Assert.Contains("89000 sats left over", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_over_the_escrow_says_by_how_much()
    {
        Assert.Contains("1 sats too many", DisputeSplit.Check(1_000, 0, 500, 500, 1), StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_or_empty_shares_are_refused()
    {
        Assert.NotNull(DisputeSplit.Check(1_000, 0, -1, 1_001, 0));
        Assert.NotNull(DisputeSplit.Check(1_000, 1_000, 0, 0, 0));
    }

    [Fact]
    public void Paying_both_traders_costs_the_two_output_quote_and_one_trader_the_one_output_quote()
    {
        Assert.Equal(300, DisputeSplit.MiningFee(1, 1, 200, 300));
        Assert.Equal(200, DisputeSplit.MiningFee(1, 0, 200, 300));
        Assert.Equal(200, DisputeSplit.MiningFee(0, 1, 200, 300));
    }

    [Fact]
    public void A_goods_case_names_the_vendor_in_the_sums()
    {
        Assert.Contains("buyer 600000 + vendor 300000 +", DisputeSplit.Check(1_000_000, 10_000, 600_000, 300_000, 1_000, "vendor"), StringComparison.Ordinal);
        Assert.Equal("Give the escrow to the buyer, the vendor or both.", DisputeSplit.Check(1_000, 1_000, 0, 0, 0, "vendor"));
    }

    [Fact]
    public void A_vendor_that_has_not_named_its_payout_address_can_only_get_nothing()
    {
        Assert.Contains("The vendor has not named where its share goes yet", DisputeSplit.CheckSellerShare(1, sellerPayoutKnown: false, "vendor"), StringComparison.Ordinal);
        Assert.Null(DisputeSplit.CheckSellerShare(0, sellerPayoutKnown: false, "vendor"));
        Assert.Null(DisputeSplit.CheckSellerShare(1, sellerPayoutKnown: true, "vendor"));
    }
}
