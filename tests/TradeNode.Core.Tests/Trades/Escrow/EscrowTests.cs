using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Descriptors;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Tests.Trades.Escrow;

/// <summary>
/// The escrow on a real regtest chain: keys derived from published account keys, a deposit built by two parties who
/// each check it and sign only their own coins, a payout any two of the three keys can sign and no single one can,
/// and the checks that stop a party from signing a deposit or payout that differs from the contract.
/// </summary>
public sealed class EscrowTests : IDisposable
{
    private const string TradeId = "trade-7f3a";
    private const long TradeAmount = 50_000_000;
    private const long Deposit = 7_500_000;
    private const long FeeShare = 500;

    private readonly RegtestChain _chain = RegtestChain.CreateInMemory();
    private readonly ExtKey _buyerAccount = ExtKey.CreateFromSeed(Seed(1));
    private readonly ExtKey _sellerAccount = ExtKey.CreateFromSeed(Seed(2));
    private readonly ExtKey _arbitratorAccount = ExtKey.CreateFromSeed(Seed(3));
    private readonly Key _buyerWallet = new();
    private readonly Key _sellerWallet = new();
    private readonly Key _miner = new();

    public void Dispose() => _chain.Dispose();

    [Fact]
    public void Child_index_is_non_hardened_deterministic_and_differs_per_trade()
    {
        var index = EscrowKeyDerivation.ChildIndex(TradeId);

        Assert.Equal(index, EscrowKeyDerivation.ChildIndex(TradeId));
        Assert.True(index < 0x8000_0000u);
        Assert.NotEqual(index, EscrowKeyDerivation.ChildIndex(TradeId + "x"));
    }

    [Fact]
    public void Key_derived_from_the_published_xpub_matches_the_owners_private_key()
    {
        var published = ExtPubKey.Parse(_arbitratorAccount.Neuter().ToString(Network.RegTest), Network.RegTest);

        var fromXpub = EscrowKeyDerivation.DerivePubKey(published, TradeId);
        var fromXprv = EscrowKeyDerivation.DeriveKey(_arbitratorAccount, TradeId);

        Assert.Equal(fromXprv.PubKey, fromXpub);
        Assert.NotEqual(fromXpub, EscrowKeyDerivation.DerivePubKey(published, "another-trade"));
    }

    [Fact]
    public void Escrow_script_is_the_wsh_sortedmulti_descriptor_of_the_three_keys()
    {
        var contract = Contract();
        var descriptor = OutputDescriptor.Parse(
            $"wsh(sortedmulti(2,{contract.ArbitratorKey.ToHex()},{contract.BuyerKey.ToHex()},{contract.SellerKey.ToHex()}))",
            Network.RegTest);

        var expected = descriptor.ExpandSingle(0);

        Assert.Equal(expected.ScriptPubKey, contract.ScriptPubKey);
        Assert.Equal(expected.WitnessScript, contract.WitnessScript);
        Assert.StartsWith("bcrt1q", contract.Address.ToString(), StringComparison.Ordinal);
        Assert.True(contract.Contains(contract.SellerKey));
        Assert.False(contract.Contains(new Key().PubKey));
    }

    [Fact]
    public void Contract_refuses_a_repeated_key_an_uncompressed_key_and_a_bad_amount()
    {
        var buyer = BuyerKey;
        var duplicate = Assert.Throws<InvalidInputException>(() => EscrowContract.Create(Network.RegTest, buyer, buyer, ArbitratorKey, 1000));
        Assert.Contains("must all differ", duplicate.Message, StringComparison.Ordinal);

        var uncompressed = Assert.Throws<InvalidInputException>(() => EscrowContract.Create(Network.RegTest, buyer.Decompress(), SellerKey, ArbitratorKey, 1000));
        Assert.Equal("buyer_key", uncompressed.Field);

        Assert.Equal("amount_sats", Assert.Throws<InvalidInputException>(() => EscrowContract.Create(Network.RegTest, buyer, SellerKey, ArbitratorKey, 0)).Field);
    }

    [Fact]
    public void Deposit_built_together_and_payout_signed_by_buyer_and_seller_confirm_with_exact_amounts()
    {
        var contract = Contract();
        var (buyerCoin, sellerCoin) = FundTraders(buyerSats: 10_000_000, sellerSats: 60_000_000);
        var buyer = new DepositContribution(EscrowRole.Buyer, [buyerCoin], Deposit, FeeShare, P2wpkh(_buyerWallet));
        var seller = new DepositContribution(EscrowRole.Seller, [sellerCoin], TradeAmount + Deposit, FeeShare, P2wpkh(_sellerWallet));

        var unsigned = EscrowDeposits.CreateDeposit(contract, [buyer, seller]).ToBase64();

        // Each side parses the PSBT it received, checks it against its own view, and signs only its own coin.
        var buyerCopy = PSBT.Parse(unsigned, Network.RegTest);
        Assert.Empty(EscrowDeposits.CheckDeposit(buyerCopy, contract, buyer));
        buyerCopy.SignWithKeys(_buyerWallet);
        var sellerCopy = PSBT.Parse(unsigned, Network.RegTest);
        Assert.Empty(EscrowDeposits.CheckDeposit(sellerCopy, contract, seller));
        sellerCopy.SignWithKeys(_sellerWallet);

        var deposit = buyerCopy.Combine(sellerCopy).Finalize().ExtractTransaction();
        _chain.AcceptToMempool(deposit);
        _chain.Generate(1, P2wpkh(_miner));
        Assert.Equal(2 * FeeShare, 70_000_000 - deposit.TotalOut.Satoshi);
        var funding = new OutPoint(deposit.GetHash(), 0);
        Assert.Equal(contract.AmountSats, _chain.GetTxOut(funding)!.Output.Value.Satoshi);

        // Payout: the buyer gets the amount and its deposit, the seller its deposit; the fee comes out of the seller's.
        const long payoutFee = 400;
        var payouts = new[] { new EscrowPayout(P2wpkh(_buyerWallet), TradeAmount + Deposit), new EscrowPayout(P2wpkh(_sellerWallet), Deposit - payoutFee) };
        var payout = EscrowTransactions.CreatePayout(contract, funding, payouts);
        Assert.Empty(EscrowTransactions.CheckPayout(payout, contract, funding, payouts));

        var buyerSigned = PSBT.Parse(payout.ToBase64(), Network.RegTest).SignWithKeys(EscrowKeyDerivation.DeriveKey(_buyerAccount, TradeId));
        var sellerSigned = PSBT.Parse(payout.ToBase64(), Network.RegTest).SignWithKeys(EscrowKeyDerivation.DeriveKey(_sellerAccount, TradeId));
        var final = buyerSigned.Combine(sellerSigned).Finalize().ExtractTransaction();
        _chain.AcceptToMempool(final);
        _chain.Generate(1, P2wpkh(_miner));

        Assert.Null(_chain.GetTxOut(funding));
        Assert.Equal(TradeAmount + Deposit, _chain.GetTxOut(new OutPoint(final.GetHash(), 0))!.Output.Value.Satoshi);
        Assert.Equal(Deposit - payoutFee, _chain.GetTxOut(new OutPoint(final.GetHash(), 1))!.Output.Value.Satoshi);
        Assert.True(final.GetVirtualSize() <= EscrowTransactions.EstimatePayoutVirtualSize(2));
    }

    [Fact]
    public void One_key_alone_cannot_spend_the_escrow_but_the_arbitrator_with_either_party_can()
    {
        var contract = Contract();
        var funding = FundEscrowDirectly(contract);
        var payouts = new[] { new EscrowPayout(P2wpkh(_sellerWallet), contract.AmountSats - 1000) };
        var arbitratorKey = EscrowKeyDerivation.DeriveKey(_arbitratorAccount, TradeId);

        var alone = EscrowTransactions.CreatePayout(contract, funding, payouts).SignWithKeys(arbitratorKey);
        Assert.False(alone.TryFinalize(out var errors));
        Assert.NotEmpty(errors);

        var stranger = EscrowTransactions.CreatePayout(contract, funding, payouts).SignWithKeys(arbitratorKey, new Key());
        Assert.False(stranger.TryFinalize(out _));

        var withSeller = EscrowTransactions.CreatePayout(contract, funding, payouts)
            .SignWithKeys(arbitratorKey, EscrowKeyDerivation.DeriveKey(_sellerAccount, TradeId))
            .Finalize()
            .ExtractTransaction();
        _chain.AcceptToMempool(withSeller);
        Assert.Contains(withSeller.GetHash(), _chain.GetMempoolTxids());
    }

    [Fact]
    public void Payout_check_names_a_changed_amount_an_extra_output_and_a_foreign_input()
    {
        var contract = Contract();
        var funding = new OutPoint(UInt256.One, 3);
        var payouts = new[] { new EscrowPayout(P2wpkh(_buyerWallet), 1_000_000), new EscrowPayout(P2wpkh(_sellerWallet), 200_000) };

        var changed = EscrowTransactions.CreatePayout(contract, funding, [payouts[0], payouts[1] with { AmountSats = 210_000 }]);
        Assert.Contains(EscrowTransactions.CheckPayout(changed, contract, funding, payouts), p => p.Contains("Payout output 1 pays 210000 sats", StringComparison.Ordinal));

        var extra = EscrowTransactions.CreatePayout(contract, funding, [.. payouts, new EscrowPayout(P2wpkh(new Key()), 10_000)]);
        Assert.Contains(EscrowTransactions.CheckPayout(extra, contract, funding, payouts), p => p.Contains("has 3 outputs", StringComparison.Ordinal));

        var otherFunding = EscrowTransactions.CreatePayout(contract, new OutPoint(UInt256.One, 4), payouts);
        Assert.Contains(EscrowTransactions.CheckPayout(otherFunding, contract, funding, payouts), p => p.Contains("only the escrow output", StringComparison.Ordinal));

        var otherEscrow = EscrowContract.Create(Network.RegTest, new Key().PubKey, contract.SellerKey, contract.ArbitratorKey, contract.AmountSats);
        var wrongScript = EscrowTransactions.CreatePayout(otherEscrow, funding, payouts);
        Assert.Contains(EscrowTransactions.CheckPayout(wrongScript, contract, funding, payouts), p => p.Contains("escrow output of", StringComparison.Ordinal));
    }

    [Fact]
    public void Payout_refuses_dust_and_payouts_that_leave_no_fee()
    {
        var contract = Contract();
        var funding = new OutPoint(UInt256.One, 0);

        Assert.Throws<InvalidInputException>(() => EscrowTransactions.CreatePayout(contract, funding, [new EscrowPayout(P2wpkh(_buyerWallet), 100)]));
        Assert.Throws<InvalidInputException>(() => EscrowTransactions.CreatePayout(contract, funding, [new EscrowPayout(P2wpkh(_buyerWallet), contract.AmountSats)]));
        Assert.Throws<InvalidInputException>(() => EscrowTransactions.CreatePayout(contract, funding, []));
    }

    [Fact]
    public void Deposit_check_catches_a_smaller_escrow_a_dropped_change_and_a_lie_about_my_coin()
    {
        var contract = Contract();
        var buyerCoin = new Coin(new OutPoint(UInt256.One, 0), new TxOut(Money.Satoshis(10_000_000), P2wpkh(_buyerWallet)));
        var sellerCoin = new Coin(new OutPoint(UInt256.One, 1), new TxOut(Money.Satoshis(60_000_000), P2wpkh(_sellerWallet)));
        var buyer = new DepositContribution(EscrowRole.Buyer, [buyerCoin], Deposit, FeeShare, P2wpkh(_buyerWallet));
        var seller = new DepositContribution(EscrowRole.Seller, [sellerCoin], TradeAmount + Deposit, FeeShare, P2wpkh(_sellerWallet));

        // The seller builds a deposit that keeps the buyer's change for itself.
        var cheat = new Transaction { Version = 2 };
        cheat.Inputs.Add(new TxIn(buyerCoin.Outpoint));
        cheat.Inputs.Add(new TxIn(sellerCoin.Outpoint));
        cheat.Outputs.Add(new TxOut(Money.Satoshis(contract.AmountSats), contract.ScriptPubKey));
        cheat.Outputs.Add(new TxOut(Money.Satoshis(seller.ChangeSats + buyer.ChangeSats), P2wpkh(_sellerWallet)));
        var cheatPsbt = PSBT.FromTransaction(cheat, Network.RegTest).AddCoins(buyerCoin, sellerCoin);
        Assert.Contains(EscrowDeposits.CheckDeposit(cheatPsbt, contract, buyer), p => p.Contains("does not come back to me", StringComparison.Ordinal));

        // A deposit for a smaller escrow.
        var smaller = EscrowContract.Create(Network.RegTest, contract.BuyerKey, contract.SellerKey, contract.ArbitratorKey, contract.AmountSats - 1);
        var smallerPsbt = EscrowDeposits.CreateDeposit(smaller, [buyer, seller with { EscrowShareSats = seller.EscrowShareSats - 1 }]);
        Assert.Contains(EscrowDeposits.CheckDeposit(smallerPsbt, contract, buyer), p => p.Contains("exactly", StringComparison.Ordinal));

        // A PSBT claiming my coin is worth less than it is (a fee attack on legacy-style signing).
        var lie = EscrowDeposits.CreateDeposit(contract, [buyer, seller]);
        lie.Inputs[0].WitnessUtxo = new TxOut(Money.Satoshis(1_000_000), P2wpkh(_buyerWallet));
        Assert.Contains(EscrowDeposits.CheckDeposit(lie, contract, buyer), p => p.Contains("claims my coin", StringComparison.Ordinal));

        Assert.Throws<InvalidInputException>(() => EscrowDeposits.CreateDeposit(contract, [buyer, seller with { EscrowShareSats = 1 }]));
        Assert.Throws<InvalidInputException>(() => EscrowDeposits.CreateDeposit(contract, [buyer with { FeeShareSats = buyer.ChangeSats - 100 + FeeShare }, seller]));
    }

    private PubKey BuyerKey => EscrowKeyDerivation.DerivePubKey(_buyerAccount.Neuter(), TradeId);

    private PubKey SellerKey => EscrowKeyDerivation.DerivePubKey(_sellerAccount.Neuter(), TradeId);

    private PubKey ArbitratorKey => EscrowKeyDerivation.DerivePubKey(_arbitratorAccount.Neuter(), TradeId);

    private EscrowContract Contract() =>
        EscrowContract.Create(Network.RegTest, BuyerKey, SellerKey, ArbitratorKey, TradeAmount + (2 * Deposit));

    private static byte[] Seed(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    private static Script P2wpkh(Key key) => PayToWitPubKeyHashTemplate.Instance.GenerateScriptPubKey(key.PubKey);

    /// <summary>Mines a mature coinbase to the miner and pays the two traders one coin each from it.</summary>
    private (Coin Buyer, Coin Seller) FundTraders(long buyerSats, long sellerSats)
    {
        var coinbase = MatureCoinbase();
        var split = new Transaction { Version = 2 };
        split.Inputs.Add(new TxIn(coinbase));
        split.Outputs.Add(new TxOut(Money.Satoshis(buyerSats), P2wpkh(_buyerWallet)));
        split.Outputs.Add(new TxOut(Money.Satoshis(sellerSats), P2wpkh(_sellerWallet)));
        split.Outputs.Add(new TxOut(Money.Coins(50m) - Money.Satoshis(buyerSats + sellerSats + 1000), P2wpkh(_miner)));
        SignMinerInput(split, Money.Coins(50m));
        _chain.AcceptToMempool(split);
        _chain.Generate(1, P2wpkh(_miner));
        return (new Coin(split, 0), new Coin(split, 1));
    }

    private OutPoint FundEscrowDirectly(EscrowContract contract)
    {
        var coinbase = MatureCoinbase();
        var funding = new Transaction { Version = 2 };
        funding.Inputs.Add(new TxIn(coinbase));
        funding.Outputs.Add(new TxOut(Money.Satoshis(contract.AmountSats), contract.ScriptPubKey));
        funding.Outputs.Add(new TxOut(Money.Coins(50m) - Money.Satoshis(contract.AmountSats + 1000), P2wpkh(_miner)));
        SignMinerInput(funding, Money.Coins(50m));
        _chain.AcceptToMempool(funding);
        _chain.Generate(1, P2wpkh(_miner));
        return new OutPoint(funding.GetHash(), 0);
    }

    private OutPoint MatureCoinbase()
    {
        var start = _chain.Height;
        _chain.Generate(101, P2wpkh(_miner));
        return new OutPoint(_chain.GetBlock(start + 1)!.Block.Transactions[0].GetHash(), 0);
    }

    private void SignMinerInput(Transaction transaction, Money amount)
    {
        var psbt = PSBT.FromTransaction(transaction, Network.RegTest);
        psbt.Inputs[0].WitnessUtxo = new TxOut(amount, P2wpkh(_miner));
        var signed = psbt.SignWithKeys(_miner).Finalize().ExtractTransaction();
        transaction.Inputs[0].WitScript = signed.Inputs[0].WitScript;
    }
}
