using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Market.Offers;

namespace TradeNode.Core.Tests.Trades.Disputes;

/// <summary>
/// Disputes between real nodes on loopback (buyer, seller, arbitrator, sometimes an intruder) over the P2P mailbox,
/// with real wallets on one in-memory regtest chain: opened after the deposit, decided by the arbitrator, co-signed
/// by one trader, resolved on all three nodes; every resolved dispute checks all three wallets to the satoshi.
/// </summary>
public sealed partial class DisputeServiceTests : TradeTestBase
{
    private static readonly FeeRate Rate = FeeRate.FromSatoshisPerVByte(2);

    [Fact]
    public async Task A_split_decision_accepted_by_the_seller_resolves_the_trade_on_all_three_nodes_with_exact_balancesAsync()
    {
        var (buyer, seller, id, before) = await ConfirmedTradeAsync();

        await buyer.Chat.SendAsync(id, "Paid an hour ago,\nreference 42");
        await Poll.UntilAsync(() => seller.Chat.Transcript(id).Count == 1, "the seller reads the chat", StepDeadline);
        Assert.Null(Arbitrator.Chat.FindParticipants(id));
        await Assert.ThrowsAsync<NotFoundException>(() => Arbitrator.Disputes.OpenAsync(id, "not mine"));
        await Assert.ThrowsAsync<InvalidInputException>(() => buyer.Disputes.OpenAsync(id, "  "));
        var opened = await buyer.Disputes.OpenAsync(id, "I paid; the seller does not answer");

        Assert.Equal(DisputeState.Open, opened.State);
        Assert.Equal(TradeState.Disputed, buyer.Trades.Get(id).State);
        Assert.Equal("dispute_open", TradeService.NextAction(buyer.Trades.Get(id)));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Trades.ConfirmPaymentSentAsync(id));
        await Poll.UntilAsync(() => Arbitrator.Disputes.List().Any(d => d.Id == id) && Find(seller, id)?.State == TradeState.Disputed && seller.Disputes.Find(id) is not null, "the arbitrator has the case and the seller knows", StepDeadline);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => seller.Trades.ConfirmPaymentReceivedAsync(id));
        var dispute = Arbitrator.Disputes.Get(id);
        Assert.Equal(EscrowRole.Arbitrator, dispute.Role);
        Assert.Equal(EscrowRole.Buyer, dispute.OpenedBy);
        Assert.Equal("I paid; the seller does not answer", dispute.Reason);
        Assert.Equal(EscrowRole.Buyer, seller.Disputes.Get(id).OpenedBy);
        var transcript = Assert.Single(DisputeService.TranscriptOf(dispute));
        Assert.EndsWith("buyer: Paid an hour ago, / reference 42", transcript, StringComparison.Ordinal);

        // The arbitrator joins the chat: its messages reach both traders, theirs reach it.
        await Arbitrator.Chat.SendAsync(id, "Both of you, please send proof.");
        await seller.Chat.SendAsync(id, "Nothing arrived.");
        await Poll.UntilAsync(
            () => buyer.Chat.Transcript(id).Any(m => m.SenderRole == Core.Trades.Chat.ChatRole.Arbitrator) && seller.Chat.Transcript(id).Any(m => m.SenderRole == Core.Trades.Chat.ChatRole.Arbitrator)
                && Arbitrator.Chat.Transcript(id).Any(m => m.Text == "Nothing arrived." && m.SenderRole == Core.Trades.Chat.ChatRole.Seller),
            "the arbitrator and both traders chat",
            StepDeadline);

        await buyer.Disputes.AddEvidenceAsync(id, "bank statement line 42");
        await seller.Disputes.AddEvidenceAsync(id, "nothing arrived on my account");
        await Poll.UntilAsync(() => Arbitrator.Disputes.Get(id).Evidence.Select(e => e.From).Distinct().Count() == 2, "the arbitrator has both statements", StepDeadline);
        Assert.Equal(
            [(EscrowRole.Buyer, "bank statement line 42"), (EscrowRole.Seller, "nothing arrived on my account")],
            Arbitrator.Disputes.Get(id).Evidence.Select(e => (e.From, e.Text)).OrderBy(e => e.From));

        var escrow = Arbitrator.Disputes.EscrowOf(dispute);
        var fee = Arbitrator.Disputes.ArbitratorFeeOf(dispute);
        var mining = DisputeSplit.MiningFee(Rate, 3);
        const long buyerSats = 500_000;
        var sellerSats = escrow - fee - mining - buyerSats;
        await Assert.ThrowsAsync<PreconditionFailedException>(() => seller.Disputes.ResolveAsync(id, buyerSats, sellerSats, "mine", Rate));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Disputes.AcceptAsync(id));
        var wrong = await Assert.ThrowsAsync<InvalidInputException>(() => Arbitrator.Disputes.ResolveAsync(id, buyerSats, sellerSats + 1, "off by one", Rate));
        Assert.Contains($"the escrow holds {escrow} sats", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(DisputeState.Open, Arbitrator.Disputes.Get(id).State);

        var decided = await Arbitrator.Disputes.ResolveAsync(id, buyerSats, sellerSats, "both share the blame", Rate);
        Assert.Equal(DisputeState.Decided, decided.State);
        await Poll.UntilAsync(() => seller.Disputes.Get(id).State == DisputeState.Decided && buyer.Disputes.Get(id).State == DisputeState.Decided, "both traders have the decision", StepDeadline);
        Assert.Equal("both share the blame", buyer.Disputes.Get(id).Note);

        var accepted = await seller.Disputes.AcceptAsync(id);
        Assert.Equal(DisputeState.PayoutPublished, accepted.State);
        Assert.Contains(UInt256.Parse(accepted.PayoutTxid), Chain.GetMempoolTxids());
        Chain.Generate(1, Stranger());
        await WaitResolvedAsync(id, buyer, seller);

        await AssertBalancesAsync(id, buyer, seller, before, buyerSats, sellerSats, fee);
    }

    [Fact]
    public async Task The_arbitrator_signs_offline_and_a_signature_over_another_transaction_or_by_no_key_is_refusedAsync()
    {
        var (buyer, seller, id, before) = await ConfirmedTradeAsync();
        await seller.Disputes.OpenAsync(id, "the buyer's payment never came");
        await Poll.UntilAsync(() => Arbitrator.Disputes.List().Any(d => d.Id == id) && buyer.Disputes.List().Any(d => d.Id == id), "the arbitrator and the buyer have the dispute", StepDeadline);
        var dispute = Arbitrator.Disputes.Get(id);
        var fee = Arbitrator.Disputes.ArbitratorFeeOf(dispute);
        var sellerSats = Arbitrator.Disputes.EscrowOf(dispute) - fee - DisputeSplit.MiningFee(Rate, 2);

        var waiting = await Arbitrator.Disputes.ResolveAsync(id, 0, sellerSats, "the seller wins", Rate, sign: false);
        var exported = Arbitrator.Disputes.GetPsbt(id);

        Assert.Equal(DisputeState.AwaitingSignature, waiting.State);
        var index = EscrowKeyDerivation.ChildIndex(id);
        Assert.Equal($"m/84'/1'/1000'/{index}", exported.KeyPath);
        var key = Arbitrator.Wallet.GetEscrowKey(index);
        Assert.Equal(key.PubKey.ToHex(), exported.PubKeyHex);
        var unsigned = PSBT.Parse(exported.Base64, Network.RegTest);
        Assert.Equal(exported.KeyPath, unsigned.Inputs[0].HDKeyPaths[key.PubKey].KeyPath.ToStringWithRoot());
        var noSignature = await Assert.ThrowsAsync<InvalidInputException>(() => Arbitrator.Disputes.SubmitPsbtAsync(id, exported.Base64));
        Assert.Contains("no signature", noSignature.Message, StringComparison.Ordinal);

        // A signature over a payout that pays someone else does not pass, whether as that PSBT or moved into ours.
        var contract = TradeContract.Parser.ParseFrom(seller.Trades.Get(id).Contract);
        var escrow = TradeContracts.ToEscrow(contract, Network.RegTest);
        var other = EscrowTransactions.CreatePayout(escrow, new OutPoint(UInt256.Parse(dispute.DepositTxid), 0), [new EscrowPayout(Stranger(), sellerSats)]);
        other.SignWithKeys(key);
        var otherTx = await Assert.ThrowsAsync<InvalidInputException>(() => Arbitrator.Disputes.SubmitPsbtAsync(id, other.ToBase64()));
        Assert.Contains("different unsigned transaction", otherTx.Message, StringComparison.Ordinal);
        var moved = unsigned.Clone();
        moved.Inputs[0].PartialSigs[key.PubKey] = other.Inputs[0].PartialSigs[key.PubKey];
        var badSignature = await Assert.ThrowsAsync<InvalidInputException>(() => Arbitrator.Disputes.SubmitPsbtAsync(id, moved.ToBase64()));
        Assert.Contains("does not verify", badSignature.Message, StringComparison.Ordinal);
        Assert.Equal(DisputeState.AwaitingSignature, Arbitrator.Disputes.Get(id).State);
        Assert.Equal(DisputeState.Open, buyer.Disputes.Get(id).State);

        // Signed elsewhere with the key at the exported path: the decision goes out.
        var signedElsewhere = unsigned.Clone();
        signedElsewhere.SignWithKeys(key);
        var signed = await Arbitrator.Disputes.SubmitPsbtAsync(id, signedElsewhere.ToBase64());
        Assert.Equal(DisputeState.Decided, signed.State);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the buyer has the decision", StepDeadline);
        await buyer.Disputes.AcceptAsync(id);
        Chain.Generate(1, Stranger());
        await WaitResolvedAsync(id, buyer, seller);

        await AssertBalancesAsync(id, buyer, seller, before, 0, sellerSats, fee);
    }

    [Fact]
    public async Task Messages_from_a_third_node_and_a_case_without_an_escrow_on_chain_are_refused_and_a_payout_to_elsewhere_is_not_signedAsync()
    {
        var (buyer, seller, id, _) = await ConfirmedTradeAsync();
        var intruder = await StartPartyAsync("intruder", Arbitrator.Node.ListenAddress, buyer.Node.ListenAddress);
        intruder.StartTrading();
        await Poll.UntilAsync(() => KnowsProfile(intruder, Arbitrator) && KnowsProfile(intruder, buyer), "the third node knows the arbitrator and the buyer", StepDeadline);
        var arbitratorRejected = Rejections(Arbitrator.Disputes);
        var buyerRejected = Rejections(buyer.Disputes);
        var signedContract = TradeService.SignedContractOf(buyer.Trades.Get(id));

        // The buyer's own node sends a case naming a deposit that does not exist: refused with the reason.
        await SendAsync(buyer, Arbitrator, new DisputeMessage { TradeId = id, Opened = new DisputeOpened { Contract = signedContract, DepositTxid = ByteString.CopyFrom(new byte[32]), Reason = "x" } });
        var noEscrow = await arbitratorRejected.Reader.ReadAsync().AsTask().WaitAsync(StepDeadline);
        Assert.Contains("not on chain", noEscrow.Reason, StringComparison.Ordinal);
        Assert.Empty(Arbitrator.Disputes.List());

        // A third node opening with the real contract is not the buyer or seller.
        await SendAsync(intruder, Arbitrator, new DisputeMessage { TradeId = id, Opened = new DisputeOpened { Contract = signedContract, DepositTxid = ByteString.CopyFrom(UInt256.Parse(buyer.Trades.Get(id).DepositTxid).ToBytes()) } });
        var stranger = await NextFromAsync(arbitratorRejected, intruder);
        Assert.Contains("only be opened by the contract's buyer or seller", stranger.Reason, StringComparison.Ordinal);
        Assert.Empty(Arbitrator.Disputes.List());

        await buyer.Disputes.OpenAsync(id, "no answer");
        await Poll.UntilAsync(() => Arbitrator.Disputes.List().Any(d => d.Id == id) && seller.Disputes.List().Any(d => d.Id == id), "the case is open", StepDeadline);

        await SendAsync(intruder, Arbitrator, new DisputeMessage { TradeId = id, Evidence = new DisputeEvidence { Text = "I am the seller, really" } });
        await NextFromAsync(arbitratorRejected, intruder);
        Assert.Empty(Arbitrator.Disputes.Get(id).Evidence);

        // A decision from the intruder, then one from the arbitrator's node that pays the buyer's share elsewhere.
        var contract = TradeContract.Parser.ParseFrom(buyer.Trades.Get(id).Contract);
        var escrow = TradeContracts.ToEscrow(contract, Network.RegTest);
        var share = escrow.AmountSats - DisputeSplit.MiningFee(Rate, 1);
        var elsewhere = EscrowTransactions.CreatePayout(escrow, new OutPoint(UInt256.Parse(buyer.Trades.Get(id).DepositTxid), 0), [new EscrowPayout(Stranger(), share)]);
        elsewhere.SignWithKeys(Arbitrator.Wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(id)));
        var forged = new DisputeMessage
        {
            TradeId = id,
            Decision = new DisputeDecision { BuyerSats = share, MiningFeeSats = DisputeSplit.MiningFee(Rate, 1), PayoutPsbt = ByteString.CopyFrom(elsewhere.ToBytes()) },
        };
        await SendAsync(intruder, buyer, forged);
        var forgedRejection = await NextFromAsync(buyerRejected, intruder);
        Assert.Contains("may only come from", forgedRejection.Reason, StringComparison.Ordinal);
        Assert.Equal(DisputeState.Open, buyer.Disputes.Get(id).State);

        await SendAsync(Arbitrator, buyer, forged);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the buyer has the arbitrator's (bad) decision", StepDeadline);
        var refused = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Disputes.AcceptAsync(id));

        Assert.Contains("Payout output 0 pays", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, buyer.Disputes.Get(id).LastError);
        Assert.Equal(DisputeState.Decided, buyer.Disputes.Get(id).State);
        Assert.DoesNotContain(elsewhere.GetGlobalTransaction().GetHash(), Chain.GetMempoolTxids());
        Assert.Equal(TradeState.Disputed, buyer.Trades.Get(id).State);
    }

    private static System.Threading.Channels.Channel<RejectedTradeMessage> Rejections(DisputeService service)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<RejectedTradeMessage>();
        service.MessageRejected += (_, r) => channel.Writer.TryWrite(r);
        return channel;
    }

    /// <summary>The next rejection of a message from <paramref name="sender"/> (others, such as answers to the test's hand-made messages, are skipped).</summary>
    private static async Task<RejectedTradeMessage> NextFromAsync(System.Threading.Channels.Channel<RejectedTradeMessage> rejections, TradeParty sender)
    {
        using var timeout = new CancellationTokenSource(StepDeadline);
        while (true)
        {
            var rejection = await rejections.Reader.ReadAsync(timeout.Token);
            if (rejection.Sender == sender.Node.Identity.PublicKey)
            {
                return rejection;
            }
        }
    }

    private static async Task SendAsync(TradeParty from, TradeParty to, DisputeMessage message) =>
        await from.Node.Mailbox.SendAsync(to.Node.Identity.PublicKey, MailRouter.Wrap(DisputeService.MailTopic, message.ToByteArray()));

    /// <summary>A sell offer taken: the taker buys. Returns once both see the deposit confirmed, with the three wallets' totals before the trade.</summary>
    private async Task<(TradeParty Buyer, TradeParty Seller, string Id, (long Buyer, long Seller, long Arbitrator) Before)> ConfirmedTradeAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var before = (await taker.TotalAsync(), await maker.TotalAsync(), await Arbitrator.TotalAsync());
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await ConfirmDepositAsync(taken.Id, maker, taker);
        Arbitrator.StartTrading();
        await Poll.UntilAsync(() => KnowsProfile(Arbitrator, maker) && KnowsProfile(Arbitrator, taker), "the arbitrator knows both traders", StepDeadline);
        return (taker, maker, taken.Id, before);
    }

    private async Task WaitResolvedAsync(string id, TradeParty buyer, TradeParty seller) =>
        await Poll.UntilAsync(
            () => new[] { buyer, seller, Arbitrator }.All(p => p.Disputes.Get(id).State == DisputeState.Resolved)
                && Find(buyer, id)?.State == TradeState.Resolved && Find(seller, id)?.State == TradeState.Resolved,
            "all three see the dispute resolved",
            StepDeadline);

    /// <summary>Buyer: − its deposit − its half of the deposit fee + its share; seller: − amount − its deposit − the other half + its share; arbitrator: + its fee.</summary>
    private async Task AssertBalancesAsync(string id, TradeParty buyer, TradeParty seller, (long Buyer, long Seller, long Arbitrator) before, long buyerSats, long sellerSats, long fee)
    {
        var trade = buyer.Trades.Get(id);
        var contract = TradeContract.Parser.ParseFrom(trade.Contract);
        var deposit = Chain.GetTransaction(UInt256.Parse(trade.DepositTxid))!.Transaction;
        var payout = Chain.GetTransaction(UInt256.Parse(trade.PayoutTxid))!.Transaction;
        var depositFee = deposit.Inputs.Sum(i => Chain.GetTransaction(i.PrevOut.Hash)!.Transaction.Outputs[(int)i.PrevOut.N].Value.Satoshi) - deposit.TotalOut.Satoshi;
        Assert.Equal(trade.PayoutTxid, seller.Trades.Get(id).PayoutTxid);
        Assert.Equal(deposit.Outputs[0].Value.Satoshi - buyerSats - sellerSats - fee, deposit.Outputs[0].Value.Satoshi - payout.TotalOut.Satoshi);
        Assert.Equal(before.Buyer - contract.BuyerDepositSats - (depositFee / 2) + buyerSats, await buyer.TotalAsync());
        Assert.Equal(before.Seller - contract.AmountSats - contract.SellerDepositSats - (depositFee - (depositFee / 2)) + sellerSats, await seller.TotalAsync());
        Assert.Equal(before.Arbitrator + fee, await Arbitrator.TotalAsync());
        Assert.True(fee > 0);
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
        Assert.Equal(0, seller.Wallet.GetBalance().Reserved);
    }
}
