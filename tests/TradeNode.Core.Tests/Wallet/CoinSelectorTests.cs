using TradeNode.Core.Wallet.CoinSelection;

namespace TradeNode.Core.Tests.Wallet;

public sealed class CoinSelectorTests
{
    // 2 sat/vB now, 10 sat/vB long term, P2WPKH inputs of 68 vB: fees of 136 now and 680 later per input.
    private const long Fee = 136;
    private const long LongTermFee = 680;
    private const long ChangeFee = 62;
    private const long CostOfChange = ChangeFee + LongTermFee;
    private const long MinChange = 294;

    [Fact]
    public void Branch_and_bound_finds_the_changeless_exact_match()
    {
        var coins = Coins(1_000_000, 500_000, 300_000, 200_000, 90_000);

        var result = CoinSelector.Select(coins, 800_000 - (2 * Fee), ChangeFee, CostOfChange, MinChange);

        Assert.NotNull(result);
        Assert.False(result.HasChange);
        Assert.Equal("branch-and-bound", result.Algorithm);
        Assert.Equal([500_000L, 300_000L], result.Inputs.Select(i => i.Value).Order().Reverse());
        Assert.Equal(2 * (Fee - LongTermFee), result.Waste);
    }

    [Fact]
    public void Branch_and_bound_accepts_excess_up_to_the_cost_of_change_and_no_more()
    {
        var coins = Coins(400_000);
        var effective = 400_000 - Fee;

        Assert.False(CoinSelector.SelectBranchAndBound(coins, effective - CostOfChange, CostOfChange)!.HasChange);
        Assert.Null(CoinSelector.SelectBranchAndBound(coins, effective - CostOfChange - 1, CostOfChange));
    }

    [Fact]
    public void Without_an_exact_match_the_selection_makes_change()
    {
        var coins = Coins(1_000_000, 600_000);

        var result = CoinSelector.Select(coins, 300_000, ChangeFee, CostOfChange, MinChange)!;

        Assert.True(result.HasChange);
        Assert.Single(result.Inputs);
        Assert.True(result.EffectiveValue >= 300_000 + ChangeFee + MinChange);
    }

    [Fact]
    public void Excess_too_small_for_a_change_output_is_left_as_fee()
    {
        // With a 1 sat/vB long-term rate change costs 62 + 68 = 130: an excess of 230 is no branch-and-bound match,
        // and 230 - 62 = 168 of change would be dust (below 294), so no change output is made.
        const long cheapCostOfChange = ChangeFee + 68;
        var target = 100_000L;
        var coins = Coins(target + Fee + cheapCostOfChange + 100);

        var result = CoinSelector.Select(coins, target, ChangeFee, cheapCostOfChange, MinChange)!;

        Assert.False(result.HasChange);
        Assert.Equal("changeless-fallback", result.Algorithm);
        Assert.Equal(Fee - LongTermFee + cheapCostOfChange + 100, result.Waste);
    }

    [Fact]
    public void Not_enough_gives_null()
    {
        Assert.Null(CoinSelector.Select(Coins(100_000, 50_000), 150_000, ChangeFee, CostOfChange, MinChange));
    }

    [Fact]
    public void Branch_and_bound_stays_within_its_step_bound_on_many_equal_coins()
    {
        var coins = Coins([.. Enumerable.Repeat(10_000L, 200)]);

        var result = CoinSelector.SelectBranchAndBound(coins, (10_000 - Fee) * 50, CostOfChange);

        Assert.NotNull(result);
        Assert.Equal(50, result.Inputs.Count);
    }

    private static List<SelectionCandidate> Coins(params long[] values) =>
        values.Select((v, i) => new SelectionCandidate($"c{i}", v, v - Fee, Fee, LongTermFee)).ToList();
}
