using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Tests.Trades.Disputes;

/// <summary>
/// The dispute payout arithmetic: the arbitrator's fee from the contract's basis points, the mining fee from a fee
/// rate and the payout's size, every refusal of a split that does not add up, and the check of a signature made
/// elsewhere.
/// </summary>
public sealed class DisputeSplitTests
{
    private const long Escrow = 1_040_000;

    [Theory]
    [InlineData(1_040_000, 50, 5_200)]
    [InlineData(1_040_001, 50, 5_200)] // rounded down
    [InlineData(1_040_000, 0, 0)]
    [InlineData(100_000, 50, 0)] // 500 sats is dust: no fee output
    [InlineData(109_200, 50, 546)]
    [InlineData(1_000_000, 10_000, 1_000_000)]
    public void Arbitrator_fee_is_the_contracts_basis_points_rounded_down_and_nothing_below_dust(long escrow, int bps, long expected) =>
        Assert.Equal(expected, DisputeSplit.ArbitratorFee(escrow, bps));

    [Fact]
    public void Mining_fee_is_the_fee_rate_times_the_payout_size_for_its_outputs()
    {
        var rate = FeeRate.FromSatoshisPerVByte(3);

        Assert.Equal(3 * EscrowTransactions.EstimatePayoutVirtualSize(2), DisputeSplit.MiningFee(rate, 2));
        Assert.True(DisputeSplit.MiningFee(rate, 3) > DisputeSplit.MiningFee(rate, 2));
        Assert.Equal(2, DisputeSplit.OutputCount(1_000, 0, 5_200));
        Assert.Equal(3, DisputeSplit.OutputCount(1_000, 1_000, 5_200));
        Assert.Equal(1, DisputeSplit.OutputCount(0, 1_000, 0));
    }

    [Fact]
    public void A_split_that_adds_up_to_the_escrow_exactly_passes()
    {
        DisputeSplit.Check(Escrow, 600_000, Escrow - 600_000 - 5_200 - 400, 5_200, 400);
        DisputeSplit.Check(Escrow, Escrow - 5_200 - 400, 0, 5_200, 400);
    }

    [Theory]
    [InlineData(600_000, 434_399, "434399", "1039999")] // one satoshi short
    [InlineData(600_000, 434_401, "434401", "1040001")] // one satoshi over
    public void A_split_that_does_not_add_up_is_refused_with_the_numbers(long buyer, long seller, string sellerText, string totalText)
    {
        var error = Assert.Throws<InvalidInputException>(() => DisputeSplit.Check(Escrow, buyer, seller, 5_200, 400));

        Assert.Equal("buyer_sats", error.Field);
        Assert.Contains("buyer 600000", error.Message, StringComparison.Ordinal);
        Assert.Contains("seller " + sellerText, error.Message, StringComparison.Ordinal);
        Assert.Contains("arbitrator fee 5200", error.Message, StringComparison.Ordinal);
        Assert.Contains("mining fee 400", error.Message, StringComparison.Ordinal);
        Assert.Contains(totalText, error.Message, StringComparison.Ordinal);
        Assert.Contains("1040000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, Escrow - 5_600 + 1)]
    [InlineData(545, Escrow - 545 - 5_600)]
    public void A_negative_or_dust_buyer_share_is_refused_on_its_field(long buyer, long seller)
    {
        var error = Assert.Throws<InvalidInputException>(() => DisputeSplit.Check(Escrow, buyer, seller, 5_200, 400));

        Assert.Equal("buyer_sats", error.Field);
    }

    [Fact]
    public void A_dust_seller_share_is_refused_on_its_field()
    {
        var error = Assert.Throws<InvalidInputException>(() => DisputeSplit.Check(Escrow, Escrow - 100 - 5_600, 100, 5_200, 400));

        Assert.Equal("seller_sats", error.Field);
        Assert.Contains("dust", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_split_that_pays_neither_trader_is_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() => DisputeSplit.Check(5_600, 0, 0, 5_200, 400));

        Assert.Contains("At least one trader", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Payouts_are_buyer_seller_arbitrator_in_order_without_zero_shares()
    {
        var (buyer, seller, arbitrator) = (Script(1), Script(2), Script(3));

        var all = DisputeSplit.Payouts(buyer, 10_000, seller, 20_000, arbitrator, 5_200);
        var sellerOnly = DisputeSplit.Payouts(buyer, 0, seller, 20_000, null, 0);

        Assert.Equal([new EscrowPayout(buyer, 10_000), new EscrowPayout(seller, 20_000), new EscrowPayout(arbitrator, 5_200)], all);
        Assert.Equal([new EscrowPayout(seller, 20_000)], sellerOnly);
        Assert.Throws<InvalidInputException>(() => DisputeSplit.Payouts(buyer, 10_000, seller, 0, null, 5_200));
    }

    [Fact]
    public void Only_a_valid_signature_by_the_named_key_counts()
    {
        var (buyerKey, sellerKey, arbitratorKey) = (new Key(), new Key(), new Key());
        var escrow = EscrowContract.Create(Network.RegTest, buyerKey.PubKey, sellerKey.PubKey, arbitratorKey.PubKey, Escrow);
        var funding = new OutPoint(UInt256.One, 0);
        var payout = EscrowTransactions.CreatePayout(escrow, funding, [new EscrowPayout(Script(1), Escrow - 1_000)]);
        var other = EscrowTransactions.CreatePayout(escrow, funding, [new EscrowPayout(Script(1), Escrow - 2_000)]);

        Assert.False(EscrowTransactions.HasValidSignature(payout, escrow, arbitratorKey.PubKey));
        payout.SignWithKeys(arbitratorKey);
        other.SignWithKeys(arbitratorKey);
        Assert.True(EscrowTransactions.HasValidSignature(payout, escrow, arbitratorKey.PubKey));
        Assert.False(EscrowTransactions.HasValidSignature(payout, escrow, buyerKey.PubKey));

        // A signature over another transaction, moved into this one, does not verify.
        payout.Inputs[0].PartialSigs[arbitratorKey.PubKey] = other.Inputs[0].PartialSigs[arbitratorKey.PubKey];
        Assert.False(EscrowTransactions.HasValidSignature(payout, escrow, arbitratorKey.PubKey));
    }

    private static Script Script(byte seed) => new Key(Enumerable.Repeat(seed, 32).ToArray()).PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit);
}
