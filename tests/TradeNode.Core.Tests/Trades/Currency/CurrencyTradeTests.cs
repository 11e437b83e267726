using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Chain;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Protocol;
using Xunit.Abstractions;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>
/// Currency trades between real nodes on loopback (maker, taker, an arbitrator that only publishes its profile, and
/// sometimes an intruder) over the P2P mailbox, with real wallets on one shared in-memory regtest chain. Blocks are
/// mined explicitly; states are polled with deadlines. Every completed trade checks both wallets to the satoshi.
/// </summary>
public sealed partial class CurrencyTradeTests(ITestOutputHelper output) : TradeTestBase
{
    [Theory]
    [InlineData(OfferDirection.Sell)]
    [InlineData(OfferDirection.Buy)]
    public async Task A_taken_offer_completes_and_both_wallets_end_with_the_contract_amounts_minus_measured_feesAsync(OfferDirection direction)
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, direction);
        var before = (Maker: await maker.TotalAsync(), Taker: await taker.TotalAsync());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "IBAN DE00 taker");
        var (buyer, seller) = direction == OfferDirection.Sell ? (taker, maker) : (maker, taker);
        await RunToCompletionAsync(taken.Id, buyer, seller);
        output.WriteLine($"{direction}: take to completed in {clock.ElapsedMilliseconds} ms (blocks mined at once, 100 ms chain polling)");

        var contract = TradeContract.Parser.ParseFrom(maker.Trades.Get(taken.Id).Contract);
        Assert.Equal(TradeAmount, contract.AmountSats);
        Assert.Equal(direction == OfferDirection.Buy, contract.BuyerIsMaker);
        Assert.Equal("IBAN DE00 taker", direction == OfferDirection.Sell ? contract.BuyerPaymentAccount : contract.SellerPaymentAccount);
        await AssertBalancesAsync(taken.Id, buyer, seller, direction == OfferDirection.Sell ? (before.Taker, before.Maker) : (before.Maker, before.Taker));
        Assert.Equal(0, maker.Wallet.GetBalance().Reserved);
        Assert.Equal(0, taker.Wallet.GetBalance().Reserved);
        Assert.Empty(maker.Offers.ListMine());
        Assert.NotNull(maker.Trades.Get(taken.Id).Deadline);
        Assert.False(maker.Trades.Get(taken.Id).IsPastDeadline(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task The_maker_refuses_an_amount_outside_the_offer_with_the_reason_and_keeps_its_offerAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var intruder = await StartPartyAsync("intruder", Arbitrator.Node.ListenAddress, maker.Node.ListenAddress);
        await Poll.UntilAsync(() => KnowsProfile(intruder, maker) && KnowsProfile(maker, intruder), "the third node and the maker know each other", StepDeadline);

        // The taker's own node checks the range before it sends anything.
        await Assert.ThrowsAsync<InvalidInputException>(() => taker.Trades.TakeOfferAsync(offer.Id, OfferAmount + 1, Arbitrator.Node.Identity.Id.ToString(), "acct"));
        Assert.Empty(taker.Trades.List());

        // A node that sends the request anyway gets a refusal with the reason.
        var tradeId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var request = new TradeMessage
        {
            TradeId = tradeId,
            TakeRequest = new TakeRequest { OfferId = offer.Id, OfferVersion = ByteString.CopyFrom(offer.Version.Span), AmountSats = OfferAmount * 2, ArbitratorNodeKey = ByteString.CopyFrom(Arbitrator.Node.Identity.PublicKey.Span) },
        };
        await intruder.Node.Mailbox.SendAsync(maker.Node.Identity.PublicKey, MailRouter.Wrap(TradeService.MailTopic, request.ToByteArray()));

        using var timeout = new CancellationTokenSource(StepDeadline);
        var answer = await intruder.Node.Mailbox.Received.ReadAsync(timeout.Token);
        var reply = Unwrap(answer.Payload);
        Assert.Equal(maker.Node.Identity.PublicKey, answer.Sender);
        Assert.Equal(tradeId, reply.TradeId);
        Assert.False(reply.TakeReply.Accepted);
        Assert.Contains("outside the offer's range", reply.TakeReply.Reason, StringComparison.Ordinal);
        var refused = maker.Trades.Get(tradeId);
        Assert.Equal(TradeState.Refused, refused.State);
        Assert.Equal(reply.TakeReply.Reason, refused.LastError);
        Assert.Equal(offer.Id, Assert.Single(maker.Offers.ListMine()).Id);
        Assert.Equal(OfferAmount + offer.SellerDepositSats(OfferAmount), maker.Wallet.GetHeld($"offer/{offer.Id}"));
    }

    [Fact]
    public async Task A_take_of_terms_the_maker_has_edited_since_is_refused_and_the_edited_offer_is_taken_at_its_priceAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var late = await StartPartyAsync("late", Arbitrator.Node.ListenAddress, maker.Node.ListenAddress);
        await Poll.UntilAsync(() => KnowsProfile(late, maker) && KnowsProfile(maker, late), "the late taker and the maker know each other", StepDeadline);
        var edited = await maker.Offers.UpdateAsync(offer.Id, new OfferDraft
        {
            Direction = OfferDirection.Sell,
            AmountSats = OfferAmount,
            MinAmountSats = OfferAmount / 2,
            Price = 65_000m,
            Currency = "EUR",
            PaymentMethodId = "SEPA",
            Arbitrators = [Arbitrator.Node.Identity.Id.ToString()],
        });
        Assert.NotEqual(offer.Version, edited.Version);
        var held = maker.Wallet.GetHeld($"offer/{offer.Id}");

        // A taker whose book still shows the first version takes it: the request carries the terms it saw.
        var tradeId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var request = new TradeMessage
        {
            TradeId = tradeId,
            TakeRequest = new TakeRequest
            {
                OfferId = offer.Id,
                OfferVersion = ByteString.CopyFrom(offer.Version.Span),
                AmountSats = TradeAmount,
                ArbitratorNodeKey = ByteString.CopyFrom(Arbitrator.Node.Identity.PublicKey.Span),
                Price = "60000",
                Currency = "EUR",
                PaymentMethodId = "SEPA",
                BuyerDepositSats = offer.BuyerDepositSats(TradeAmount),
                SellerDepositSats = offer.SellerDepositSats(TradeAmount),
            },
        };
        await late.Node.Mailbox.SendAsync(maker.Node.Identity.PublicKey, MailRouter.Wrap(TradeService.MailTopic, request.ToByteArray()));
        using var timeout = new CancellationTokenSource(StepDeadline);
        var reply = Unwrap((await late.Node.Mailbox.Received.ReadAsync(timeout.Token)).Payload);
        Assert.False(reply.TakeReply.Accepted);
        Assert.Contains("changed after you saw it", reply.TakeReply.Reason, StringComparison.Ordinal);
        Assert.Contains("65000 EUR", reply.TakeReply.Reason, StringComparison.Ordinal);
        Assert.Equal(TradeState.Refused, maker.Trades.Get(tradeId).State);
        Assert.Equal(edited.Version, Assert.Single(maker.Offers.ListMine()).Version);
        Assert.Equal(held, maker.Wallet.GetHeld($"offer/{offer.Id}"));

        // Once the taker's book shows the edit, taking it gives a contract at the new price.
        await Poll.UntilAsync(() => taker.Offers.Book.Get(offer.Id)?.Version == edited.Version, "the taker's book shows the edit", StepDeadline);
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "IBAN DE00 taker");
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.Contract.Length > 0, "the taker holds the maker's contract", StepDeadline);
        Assert.Equal("65000", TradeContract.Parser.ParseFrom(taker.Trades.Get(taken.Id).Contract).Price);
        Assert.NotEqual(TradeState.Refused, taker.Trades.Get(taken.Id).State);
    }

    [Fact]
    public async Task Cancel_before_the_deposit_is_signed_releases_both_reservationsAsync()
    {
        var (maker, taker) = await StartTradersAsync(startTakerLoop: false);
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);

        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        Assert.NotEmpty(taker.Wallet.GetReservedCoins(taken.ReservationId));
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.Accepted, "the maker accepts", StepDeadline);
        Assert.NotEmpty(maker.Wallet.GetReservedCoins(taken.ReservationId));

        var cancelled = await taker.Trades.CancelAsync(taken.Id, "changed my mind");

        Assert.Equal(TradeState.Cancelled, cancelled.State);
        Assert.Empty(taker.Wallet.GetReservedCoins(taken.ReservationId));
        Assert.Equal(0, taker.Wallet.GetBalance().Reserved);
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.Cancelled, "the maker sees the cancel", StepDeadline);
        Assert.Empty(maker.Wallet.GetReservedCoins(taken.ReservationId));
        Assert.Equal(0, maker.Wallet.GetBalance().Reserved);
        Assert.Contains("changed my mind", maker.Trades.Get(taken.Id).LastError, StringComparison.Ordinal);

        // The maker's reply, read late, changes nothing on the cancelled side.
        taker.StartTrading();
        await Assert.ThrowsAsync<PreconditionFailedException>(() => taker.Trades.ConfirmPaymentSentAsync(taken.Id));
        Assert.Equal(TradeState.Cancelled, taker.Trades.Get(taken.Id).State);
    }

    [Fact]
    public async Task A_message_from_a_third_node_claiming_to_be_the_buyer_is_rejected_and_changes_nothingAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var intruder = await StartPartyAsync("intruder", Arbitrator.Node.ListenAddress, maker.Node.ListenAddress);
        await Poll.UntilAsync(() => KnowsProfile(intruder, maker), "the third node knows the maker", StepDeadline);
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await ConfirmDepositAsync(taken.Id, maker, taker);
        var rejected = new TaskCompletionSource<RejectedTradeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        maker.Trades.MessageRejected += (_, r) => rejected.TrySetResult(r);
        var updatedBefore = maker.Trades.Get(taken.Id).Updated;

        var forged = new TradeMessage { TradeId = taken.Id, PaymentSent = new PaymentSent { Note = "paid, honest" } };
        await intruder.Node.Mailbox.SendAsync(maker.Node.Identity.PublicKey, MailRouter.Wrap(TradeService.MailTopic, forged.ToByteArray()));

        var rejection = await rejected.Task.WaitAsync(StepDeadline);
        Assert.Equal(intruder.Node.Identity.PublicKey, rejection.Sender);
        Assert.Equal(taken.Id, rejection.TradeId);
        var after = maker.Trades.Get(taken.Id);
        Assert.Equal(TradeState.DepositConfirmed, after.State);
        Assert.Equal(updatedBefore, after.Updated);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => taker.Trades.ConfirmPaymentReceivedAsync(taken.Id));
    }

    [Fact]
    public async Task A_seller_restarted_mid_trade_gets_the_payment_sent_while_it_was_down_and_the_trade_completesAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var before = (Maker: await maker.TotalAsync(), Taker: await taker.TotalAsync());
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await ConfirmDepositAsync(taken.Id, maker, taker);

        var directory = maker.Directory;
        Parties.Remove(maker);
        await maker.DisposeAsync();
        await taker.Trades.ConfirmPaymentSentAsync(taken.Id);

        maker = await StartPartyAsync(Path.GetFileName(directory), Arbitrator.Node.ListenAddress, taker.Node.ListenAddress);
        Assert.Equal(TradeState.DepositConfirmed, maker.Trades.Get(taken.Id).State);
        maker.StartTrading();
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.PaymentSent, "the restarted seller reads the payment sent while it was down", StepDeadline);

        await maker.Trades.ConfirmPaymentReceivedAsync(taken.Id);
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State == TradeState.PayoutPublished, "the buyer publishes the payout", StepDeadline);
        Chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.Completed && Find(taker, taken.Id)?.State == TradeState.Completed, "both complete", StepDeadline);

        await AssertBalancesAsync(taken.Id, taker, maker, (before.Taker, before.Maker));
    }

    [Fact]
    public async Task A_maker_whose_contract_pays_the_takers_bitcoin_elsewhere_is_refused_with_the_reason_on_the_tradeAsync()
    {
        var (liar, taker) = await StartTradersAsync(startMakerLoop: false);
        var offer = await MakeOfferAsync(liar, taker, OfferDirection.Sell);
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");

        // The maker answers by hand with a contract that is well formed and signed, but pays the buyer's bitcoin to itself.
        using var timeout = new CancellationTokenSource(StepDeadline);
        var received = await liar.Node.Mailbox.Received.ReadAsync(timeout.Token);
        var request = Unwrap(received.Payload).TakeRequest;
        var arbitratorXpub = Arbitrator.Wallet.EscrowAccountKey.ToString(Network.RegTest);
        var contract = new TradeContract
        {
            TradeId = taken.Id,
            Kind = TradeKind.Currency,
            Network = Network.RegTest.Name,
            BuyerNodeKey = ByteString.CopyFrom(taker.Node.Identity.PublicKey.Span),
            SellerNodeKey = ByteString.CopyFrom(liar.Node.Identity.PublicKey.Span),
            ArbitratorNodeKey = ByteString.CopyFrom(Arbitrator.Node.Identity.PublicKey.Span),
            AmountSats = TradeAmount,
            BuyerDepositSats = offer.BuyerDepositSats(TradeAmount),
            SellerDepositSats = offer.SellerDepositSats(TradeAmount),
            Price = "60000",
            Currency = "EUR",
            PaymentMethodId = "SEPA",
            BuyerPaymentAccount = request.PaymentAccount,
            BuyerEscrowKey = request.EscrowKey,
            SellerEscrowKey = ByteString.CopyFrom(liar.Wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(taken.Id)).PubKey.ToBytes()),
            ArbitratorEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(Arbitrator.Wallet.EscrowAccountKey, taken.Id).ToBytes()),
            ArbitratorEscrowXpub = arbitratorXpub,
            BuyerPayoutScript = ByteString.CopyFrom(liar.Wallet.NewAddress().ScriptPubKey.ToBytes()),
            SellerPayoutScript = ByteString.CopyFrom(liar.Wallet.NewAddress().ScriptPubKey.ToBytes()),
        };
        Assert.Empty(TradeContracts.Check(contract, Network.RegTest));
        var reply = new TradeMessage
        {
            TradeId = taken.Id,
            TakeReply = new TakeReply { Accepted = true, Contract = contract.ToByteString(), MakerSignature = ByteString.CopyFrom(TradeContracts.Sign(liar.Node.Identity, contract.ToByteArray())) },
        };
        await liar.Node.Mailbox.SendAsync(taker.Node.Identity.PublicKey, MailRouter.Wrap(TradeService.MailTopic, reply.ToByteArray()));

        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State == TradeState.Failed, "the taker refuses the contract", StepDeadline);
        var failed = taker.Trades.Get(taken.Id);
        Assert.Contains("does not pay this node's payout address", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(failed.TakerSignature);
        Assert.Empty(taker.Wallet.GetReservedCoins(taken.ReservationId));
        var cancel = await liar.Node.Mailbox.Received.ReadAsync(timeout.Token);
        Assert.Equal(taken.Id, Unwrap(cancel.Payload).TradeId);
        Assert.Equal(TradeMessage.BodyOneofCase.Cancel, Unwrap(cancel.Payload).BodyCase);
    }

    [Fact]
    public async Task A_taker_that_stopped_before_reading_the_makers_answer_gets_it_again_after_restart_and_completesAsync()
    {
        var (maker, taker) = await StartTradersAsync(startTakerLoop: false);
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Buy);
        var before = (Maker: await maker.TotalAsync(), Taker: await taker.TotalAsync());
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.Accepted, "the maker accepts", StepDeadline);

        // The answer reached the taker's mailbox, but the node stops before its trade loop reads it.
        var directory = taker.Directory;
        Parties.Remove(taker);
        await taker.DisposeAsync();
        taker = await StartPartyAsync(Path.GetFileName(directory), Arbitrator.Node.ListenAddress, maker.Node.ListenAddress);
        Assert.Equal(TradeState.TakeRequested, taker.Trades.Get(taken.Id).State);
        taker.StartTrading();

        await RunToCompletionAsync(taken.Id, buyer: maker, seller: taker);
        await AssertBalancesAsync(taken.Id, maker, taker, (before.Maker, before.Taker));
    }

    [Fact]
    public async Task A_seller_stopped_while_the_buyer_broadcasts_the_payout_finds_it_on_chain_after_restartAsync()
    {
        var (maker, taker) = await StartTradersAsync();
        var offer = await MakeOfferAsync(maker, taker, OfferDirection.Sell);
        var before = (Maker: await maker.TotalAsync(), Taker: await taker.TotalAsync());
        var taken = await taker.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "acct");
        await ConfirmDepositAsync(taken.Id, maker, taker);
        await taker.Trades.ConfirmPaymentSentAsync(taken.Id);
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.PaymentSent, "the seller sees payment sent", StepDeadline);

        await maker.Trades.ConfirmPaymentReceivedAsync(taken.Id);

        // The seller stops once its payout proposal has reached the buyer (the mailbox delivers it while both run);
        // the buyer signs and broadcasts while the seller is down.
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State is TradeState.PayoutProposed or TradeState.PayoutPublished, "the buyer receives the payout proposal", StepDeadline);
        var directory = maker.Directory;
        Parties.Remove(maker);
        await maker.DisposeAsync();
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State == TradeState.PayoutPublished, "the buyer publishes the payout", StepDeadline);
        Chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(taker, taken.Id)?.State == TradeState.Completed, "the buyer completes", StepDeadline);

        maker = await StartPartyAsync(Path.GetFileName(directory), Arbitrator.Node.ListenAddress, taker.Node.ListenAddress);
        Assert.Contains(maker.Trades.Get(taken.Id).State, new[] { TradeState.PayoutProposed, TradeState.PayoutPublished });
        maker.StartTrading();
        await Poll.UntilAsync(() => Find(maker, taken.Id)?.State == TradeState.Completed, "the restarted seller finds the payout on chain", StepDeadline);

        await AssertBalancesAsync(taken.Id, taker, maker, (before.Taker, before.Maker));
        Assert.Equal(0, maker.Wallet.GetBalance().Reserved);
    }

    private async Task RunToCompletionAsync(string tradeId, TradeParty buyer, TradeParty seller)
    {
        await ConfirmDepositAsync(tradeId, seller.Trades.List().Any(t => t.Id == tradeId && t.IsMaker) ? seller : buyer, seller.Trades.List().Any(t => t.Id == tradeId && t.IsMaker) ? buyer : seller);
        await PayOutAsync(tradeId, buyer, seller);
    }

    /// <summary>From a confirmed deposit: payment sent, received, payout published and confirmed.</summary>
    private async Task PayOutAsync(string tradeId, TradeParty buyer, TradeParty seller)
    {
        await buyer.Trades.ConfirmPaymentSentAsync(tradeId);
        await Poll.UntilAsync(() => Find(seller, tradeId)?.State == TradeState.PaymentSent, "the seller sees payment sent", StepDeadline);
        await seller.Trades.ConfirmPaymentReceivedAsync(tradeId);
        await Poll.UntilAsync(() => Find(buyer, tradeId)?.State == TradeState.PayoutPublished && Find(seller, tradeId)?.State == TradeState.PayoutPublished, "the payout is published", StepDeadline);
        Chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, tradeId)?.State == TradeState.Completed && Find(seller, tradeId)?.State == TradeState.Completed, "both complete", StepDeadline);
    }

    /// <summary>Buyer: + amount − its halves of both fees; seller: − amount − the other halves (the seller pays an odd satoshi).</summary>
    private async Task AssertBalancesAsync(string tradeId, TradeParty buyer, TradeParty seller, (long Buyer, long Seller) before)
    {
        var trade = buyer.Trades.Get(tradeId);
        var contract = TradeContract.Parser.ParseFrom(trade.Contract);
        var deposit = Chain.GetTransaction(UInt256.Parse(trade.DepositTxid))!.Transaction;
        var payout = Chain.GetTransaction(UInt256.Parse(trade.PayoutTxid))!.Transaction;
        var depositIn = deposit.Inputs.Sum(i => Chain.GetTransaction(i.PrevOut.Hash)!.Transaction.Outputs[(int)i.PrevOut.N].Value.Satoshi);
        var depositFee = depositIn - deposit.TotalOut.Satoshi;
        var payoutFee = deposit.Outputs[0].Value.Satoshi - payout.TotalOut.Satoshi;
        Assert.Equal(contract.AmountSats + contract.BuyerDepositSats + contract.SellerDepositSats, deposit.Outputs[0].Value.Satoshi);
        Assert.True(depositFee > 0 && payoutFee > 0);

        Assert.Equal(before.Buyer + contract.AmountSats - (depositFee / 2) - (payoutFee / 2), await buyer.TotalAsync());
        Assert.Equal(before.Seller - contract.AmountSats - (depositFee - (depositFee / 2)) - (payoutFee - (payoutFee / 2)), await seller.TotalAsync());
    }

    /// <summary>The trade message inside a mailbox payload's envelope; fails the test for any other topic.</summary>
    private static TradeMessage Unwrap(byte[] payload)
    {
        var mail = Mail.Parser.ParseFrom(payload);
        Assert.Equal(TradeService.MailTopic, mail.Topic);
        return TradeMessage.Parser.ParseFrom(mail.Body);
    }
}
