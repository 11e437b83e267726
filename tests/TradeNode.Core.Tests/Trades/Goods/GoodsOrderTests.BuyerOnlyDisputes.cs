using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>
/// Buyer-only disputes: a funded order the vendor never signed (silent past the response period, or refused without a
/// refund it could sign) is refunded to the buyer by the arbitrator's and the buyer's keys, with no vendor.
/// </summary>
public sealed partial class GoodsOrderTests
{
    private static readonly FeeRate DisputeRate = FeeRate.FromSatoshisPerVByte(2);

    [Fact]
    public async Task An_order_the_vendor_never_answers_is_disputed_after_the_response_period_and_refunded_to_the_buyer_to_the_satoshi_across_an_arbitrator_restartAsync()
    {
        var period = TimeSpan.FromSeconds(2);
        var (buyer, vendor) = await StartPartiesAsync(buyerOptions: new OrderOptions { PollInterval = TimeSpan.FromMilliseconds(100), VendorResponsePeriod = period });
        _arbitrator.StartTrading();
        var listing = await ListAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync(), Arbitrator: await _arbitrator.TotalAsync());
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);
        var id = placed.Id;

        // The vendor's node has the order but its user never accepts or declines it.
        await Poll.UntilAsync(() => Find(vendor, id)?.State == OrderState.Funded, "the vendor's node has the order", StepDeadline);

        // Before the funding confirms: refused with when it becomes possible, and nothing changes.
        var early = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Disputes.OpenAsync(id, "the vendor is silent"));
        Assert.Contains("after the funding's first confirmation, which has not happened yet", early.Message, StringComparison.Ordinal);
        Assert.Equal(OrderState.Funded, buyer.Orders.Get(id).State);
        Assert.Null(buyer.Disputes.Find(id));
        Assert.Null(buyer.Orders.DisputePossibleAfter(buyer.Orders.Get(id)));
        Assert.Equal("wait_for_vendor", buyer.Orders.NextActionNow(buyer.Orders.Get(id)));

        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, id)?.FundingConfirmedAt is not null, "the buyer sees the funding confirmed", StepDeadline);
        var confirmed = buyer.Orders.Get(id);
        Assert.Equal(confirmed.FundingConfirmedAt + period, buyer.Orders.DisputePossibleAfter(confirmed));
        await Poll.UntilAsync(() => buyer.Orders.NextActionNow(buyer.Orders.Get(id)) == "open_dispute", "the response period passes", StepDeadline);

        var opened = await buyer.Disputes.OpenAsync(id, "The vendor never answered");
        Assert.True(opened.BuyerOnly);
        Assert.Equal(OrderState.Disputed, buyer.Orders.Get(id).State);
        await Poll.UntilAsync(() => _arbitrator.Disputes.Find(id) is not null, "the arbitrator accepts the buyer-only case", StepDeadline);
        var dispute = _arbitrator.Disputes.Get(id);
        Assert.True(dispute.BuyerOnly);
        Assert.Empty(dispute.Findings);
        Assert.Equal(EscrowRole.Buyer, dispute.OpenedBy);
        Assert.Empty(SignedTradeContract.Parser.ParseFrom(dispute.SignedContract).SellerSignature);

        // The vendor gets the notice: its order is disputed and it cannot accept any more.
        await Poll.UntilAsync(() => Find(vendor, id)?.State == OrderState.Disputed, "the vendor learns of the dispute", StepDeadline);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => vendor.Orders.AcceptAsync(id));
        Assert.True(vendor.Disputes.Get(id).BuyerOnly);

        // The arbitrator's node stops with the case open and starts again: the case is still there.
        _parties.Remove(_arbitrator);
        await _arbitrator.DisposeAsync();
        _arbitrator = await StartPartyAsync("arbitrator", buyer.Node.ListenAddress, vendor.Node.ListenAddress);
        _arbitrator.StartTrading();
        Assert.True(_arbitrator.Disputes.Get(id).BuyerOnly);
        Assert.Equal(DisputeState.Open, _arbitrator.Disputes.Get(id).State);

        // The decision can only refund the buyer.
        var fee = _arbitrator.Disputes.ArbitratorFeeOf(dispute);
        var vendorShare = await Assert.ThrowsAsync<InvalidInputException>(() => _arbitrator.Disputes.ResolveAsync(id, 1_000, Amount - fee - 1_000 - DisputeSplit.MiningFee(DisputeRate, 3), "split", DisputeRate));
        Assert.Equal("seller_sats", vendorShare.Field);
        Assert.Equal(DisputeState.Open, _arbitrator.Disputes.Get(id).State);

        var buyerSats = Amount - fee - DisputeSplit.MiningFee(DisputeRate, 2);
        await _arbitrator.Disputes.ResolveAsync(id, buyerSats, 0, "the vendor never answered", DisputeRate);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the buyer has the decision", StepDeadline);
        var accepted = await buyer.Disputes.AcceptAsync(id);
        Assert.Equal(DisputeState.PayoutPublished, accepted.State);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(
            () => Find(buyer, id)?.State == OrderState.Resolved && Find(vendor, id)?.State == OrderState.Resolved && _arbitrator.Disputes.Get(id).State == DisputeState.Resolved,
            "all three see it resolved", StepDeadline);

        var order = buyer.Orders.Get(id);
        Assert.Equal(accepted.PayoutTxid, order.DisputePayoutTxid);
        Assert.Equal(DisputeSplit.MiningFee(DisputeRate, 2), Fee(accepted.PayoutTxid));
        Assert.Equal(before.Buyer - Fee(order.FundingTxid) - fee - Fee(accepted.PayoutTxid), await buyer.TotalAsync());
        Assert.Equal(before.Arbitrator + fee, await _arbitrator.TotalAsync());
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
        Assert.Equal(before.Vendor, await vendor.TotalAsync());
    }

    [Fact]
    public async Task An_order_refused_without_a_refund_is_disputed_at_once_and_refunded_to_the_buyer_across_a_restart_of_the_buyerAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        _arbitrator.StartTrading();

        // The listing publishes an escrow key that is not the vendor wallet's: the vendor cannot sign the funded escrow.
        var created = await vendor.Listings.CreateAsync(new ListingDraft
        {
            Title = "Hand-made teapot",
            Description = "Stoneware, 1 litre.",
            Price = ListingPrice.InSats(UnitPrice),
            Quantity = 5,
            Shipping = [new ShippingOption("Post", ["WORLD"], ListingPrice.InSats(ShippingPrice))],
            Arbitrators = [_arbitrator.Node.Identity.Id.ToString()],
            EscrowXpub = Bitcoin.Bip32.ExtKey.CreateFromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Neuter().ToString(Network.RegTest),
        });
        await Poll.UntilAsync(() => buyer.Listings.Book.Get(created.Id) is not null, "the buyer's book has the listing", StepDeadline);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync(), Arbitrator: await _arbitrator.TotalAsync());
        var placed = await buyer.Orders.PlaceOrderAsync(created.Id, Quantity, "Post", "12 Main St", string.Empty);
        var id = placed.Id;
        await Poll.UntilAsync(() => Find(buyer, id)?.State == OrderState.EscrowNeedsDispute, "the buyer learns the refusal", StepDeadline);
        Assert.Equal("open_dispute", buyer.Orders.NextActionNow(buyer.Orders.Get(id)));
        Assert.NotNull(buyer.Orders.DisputePossibleAfter(buyer.Orders.Get(id)));

        // No waiting (the default 72 h response period does not apply): the vendor already answered with a refusal.
        var opened = await buyer.Disputes.OpenAsync(id, "Refused, and no refund was signed");
        Assert.True(opened.BuyerOnly);
        await Poll.UntilAsync(() => _arbitrator.Disputes.Find(id) is not null, "the arbitrator accepts the buyer-only case", StepDeadline);
        var dispute = _arbitrator.Disputes.Get(id);
        Assert.True(dispute.BuyerOnly);
        Assert.Empty(dispute.Findings); // the contract's vendor key is the one the (vendor-signed) listing derives

        // The buyer's node stops mid-case; the arbitrator decides while it is away; restarted, it completes.
        _parties.Remove(buyer);
        await buyer.DisposeAsync();
        var fee = _arbitrator.Disputes.ArbitratorFeeOf(dispute);
        var buyerSats = Amount - fee - DisputeSplit.MiningFee(DisputeRate, 2);
        await _arbitrator.Disputes.ResolveAsync(id, buyerSats, 0, "refund", DisputeRate);
        buyer = await TradeParty.StartAsync(buyer.Directory, _client, _arbitrator.Node.ListenAddress, vendor.Node.ListenAddress);
        _parties.Add(buyer);
        buyer.StartTrading();
        Assert.Equal(OrderState.Disputed, buyer.Orders.Get(id).State);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the restarted buyer has the decision", StepDeadline);
        var accepted = await buyer.Disputes.AcceptAsync(id);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, id)?.State == OrderState.Resolved, "the buyer's order is resolved", StepDeadline);

        var order = buyer.Orders.Get(id);
        Assert.Equal("none", buyer.Orders.NextActionNow(order));
        Assert.Equal(before.Buyer - Fee(order.FundingTxid) - fee - Fee(accepted.PayoutTxid), await buyer.TotalAsync());
        Assert.Equal(before.Arbitrator + fee, await _arbitrator.TotalAsync());
        Assert.Equal(before.Vendor, await vendor.TotalAsync());
        Assert.Equal(OrderState.Refused, vendor.Orders.Get(id).State); // its record holds no contract: it only refused
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
    }

    [Fact]
    public async Task An_acceptance_that_crosses_the_buyers_dispute_ends_in_the_refund_onlyAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync(buyerOptions: new OrderOptions { PollInterval = TimeSpan.FromMilliseconds(100), VendorResponsePeriod = TimeSpan.FromSeconds(1) });
        _arbitrator.StartTrading();
        var listing = await ListAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync(), Arbitrator: await _arbitrator.TotalAsync());
        var id = (await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty)).Id;
        await Poll.UntilAsync(() => Find(vendor, id)?.State == OrderState.Funded, "the vendor's node has the order", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => buyer.Orders.NextActionNow(buyer.Orders.Get(id)) == "open_dispute", "the response period passes", StepDeadline);

        // The vendor accepts just as the buyer opens (neither has the other's message yet, most likely).
        var accepting = Task.Run(async () =>
        {
            try
            {
                await vendor.Orders.AcceptAsync(id);
            }
            catch (PreconditionFailedException)
            {
                // The notice came first: the vendor cannot accept any more. Also a correct outcome.
            }
        });
        await buyer.Disputes.OpenAsync(id, "no answer");
        await accepting;
        await Poll.UntilAsync(() => Find(vendor, id)?.State == OrderState.Disputed && _arbitrator.Disputes.Find(id) is not null,
            "the vendor's order is disputed and the arbitrator has the case", StepDeadline);
        Assert.Equal(OrderState.Disputed, buyer.Orders.Get(id).State);
        Assert.Empty(buyer.Orders.Get(id).PayoutTxid);
        output.WriteLine(vendor.Orders.Get(id).VendorSignature.Length > 0 ? "the vendor accepted before it got the notice (crossed)" : "the notice came first");

        var fee = _arbitrator.Disputes.ArbitratorFeeOf(_arbitrator.Disputes.Get(id));
        var buyerSats = Amount - fee - DisputeSplit.MiningFee(DisputeRate, 2);
        await _arbitrator.Disputes.ResolveAsync(id, buyerSats, 0, "no answer in time", DisputeRate);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided, "the buyer has the decision", StepDeadline);
        var accepted = await buyer.Disputes.AcceptAsync(id);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, id)?.State == OrderState.Resolved && Find(vendor, id)?.State == OrderState.Resolved, "both orders are resolved", StepDeadline);

        var payout = _chain.GetTransaction(UInt256.Parse(accepted.PayoutTxid))!.Transaction;
        Assert.Equal(2, payout.Outputs.Count);
        Assert.DoesNotContain(payout.Outputs, o => vendor.Orders.Get(id).VendorPayoutScript.Length > 0 && o.ScriptPubKey.ToBytes().AsSpan().SequenceEqual(vendor.Orders.Get(id).VendorPayoutScript));
        Assert.Equal(before.Buyer - Fee(buyer.Orders.Get(id).FundingTxid) - fee - Fee(accepted.PayoutTxid), await buyer.TotalAsync());
        Assert.Equal(before.Vendor, await vendor.TotalAsync());
        Assert.Equal(before.Arbitrator + fee, await _arbitrator.TotalAsync());
    }

    [Fact]
    public async Task Before_the_response_period_nothing_changes_and_the_arbitrator_refuses_bad_buyer_only_cases_and_records_a_foreign_vendor_keyAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync(startVendorLoop: false);
        _arbitrator.StartTrading();
        var listing = await ListAsync(vendor, buyer);
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);
        var id = placed.Id;
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, id)?.FundingConfirmedAt is not null, "the buyer sees the funding confirmed", StepDeadline);

        // The default period is 72 hours: refused with the time it becomes possible; the order and the disputes do not change.
        var order = buyer.Orders.Get(id);
        var early = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Disputes.OpenAsync(id, "too early"));
        var from = order.FundingConfirmedAt!.Value + TimeSpan.FromHours(72);
        Assert.Contains($"becomes possible at {from.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC", early.Message, StringComparison.Ordinal);
        Assert.Equal(from, buyer.Orders.DisputePossibleAfter(order));
        Assert.Equal("wait_for_vendor", buyer.Orders.NextActionNow(buyer.Orders.Get(id)));
        Assert.Equal(OrderState.Funded, buyer.Orders.Get(id).State);
        Assert.Equal(order.Updated, buyer.Orders.Get(id).Updated);
        Assert.Null(buyer.Disputes.Find(id));

        var rejected = System.Threading.Channels.Channel.CreateUnbounded<RejectedTradeMessage>();
        _arbitrator.Disputes.MessageRejected += (_, r) => rejected.Writer.TryWrite(r);
        var signed = order.SignedContract;
        var funding = ByteString.CopyFrom(UInt256.Parse(order.FundingTxid).ToBytes());

        // A third node's buyer-only case (the buyer's own signed contract) is only rejected.
        var intruder = await StartPartyAsync("intruder", _arbitrator.Node.ListenAddress);
        intruder.StartTrading();
        await Poll.UntilAsync(() => intruder.Node.Store.Find(_arbitrator.Node.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null,
            "the third node knows the arbitrator's encryption key", StepDeadline);
        await SendDisputeAsync(intruder, _arbitrator, new DisputeMessage
        {
            TradeId = id,
            Opened = new DisputeOpened { Contract = signed, DepositTxid = funding, DepositIndex = order.FundingIndex, BuyerOnly = true, Reason = "give me the refund" },
        });
        Assert.Contains("buyer or seller", (await NextFromAsync(rejected, intruder)).Reason, StringComparison.Ordinal);

        // The buyer's case naming an escrow output that is not on chain, then one whose contract says another amount: refused.
        await SendDisputeAsync(buyer, _arbitrator, new DisputeMessage
        {
            TradeId = id,
            Opened = new DisputeOpened { Contract = signed, DepositTxid = ByteString.CopyFrom(new byte[32]), BuyerOnly = true, Reason = "no escrow" },
        });
        Assert.Contains("is not on chain unspent", (await NextFromAsync(rejected, buyer)).Reason, StringComparison.Ordinal);
        var other = order.ParsedContract();
        other.AmountSats = Amount + 1_000;
        var otherBytes = other.ToByteArray();
        var otherSigned = new SignedTradeContract { Contract = ByteString.CopyFrom(otherBytes), BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(buyer.Node.Identity, otherBytes)) };
        await SendDisputeAsync(buyer, _arbitrator, new DisputeMessage
        {
            TradeId = id,
            Opened = new DisputeOpened { Contract = otherSigned, DepositTxid = funding, DepositIndex = order.FundingIndex, BuyerOnly = true, Reason = "wrong amount" },
        });
        Assert.Contains($"of {Amount + 1_000} sats", (await NextFromAsync(rejected, buyer)).Reason, StringComparison.Ordinal);

        // A listing the contract's vendor did not sign (the buyer's own): refused.
        var forged = order.ParsedContract();
        var item = SignedItem.Parser.ParseFrom(forged.TermsItem);
        forged.TermsItem = new SignedItem { Content = item.Content, Signature = ByteString.CopyFrom(buyer.Node.Identity.Sign(P2P.Items.ItemValidator.SigningMessage(item.Content.Span))) }.ToByteString();
        var forgedBytes = forged.ToByteArray();
        var forgedSigned = new SignedTradeContract { Contract = ByteString.CopyFrom(forgedBytes), BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(buyer.Node.Identity, forgedBytes)) };
        await SendDisputeAsync(buyer, _arbitrator, new DisputeMessage
        {
            TradeId = id,
            Opened = new DisputeOpened { Contract = forgedSigned, DepositTxid = funding, DepositIndex = order.FundingIndex, BuyerOnly = true, Reason = "forged listing" },
        });
        Assert.Contains("not signed by the contract's vendor", (await NextFromAsync(rejected, buyer)).Reason, StringComparison.Ordinal);
        Assert.Null(_arbitrator.Disputes.Find(id));
        Assert.Equal(OrderState.Funded, buyer.Orders.Get(id).State);

        // A contract whose vendor escrow key is not the one the listing's xpub derives, with its escrow funded on chain:
        // accepted (a refund needs no vendor key), and the mismatch is recorded.
        var foreign = Bitcoin.Bip32.ExtKey.CreateFromSeed(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Neuter();
        var mismatched = order.ParsedContract();
        mismatched.SellerEscrowXpub = foreign.ToString(Network.RegTest);
        mismatched.SellerEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(foreign, id).ToBytes());
        var escrow = TradeContracts.ToEscrow(mismatched, Network.RegTest);
        var sent = await buyer.Wallet.SendAsync(escrow.Address, Amount, DisputeRate);
        var index = (uint)sent.Transaction.Outputs.ToList().FindIndex(o => o.ScriptPubKey == escrow.ScriptPubKey);
        var mismatchedBytes = mismatched.ToByteArray();
        await SendDisputeAsync(buyer, _arbitrator, new DisputeMessage
        {
            TradeId = id,
            Opened = new DisputeOpened
            {
                Contract = new SignedTradeContract { Contract = ByteString.CopyFrom(mismatchedBytes), BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(buyer.Node.Identity, mismatchedBytes)) },
                DepositTxid = ByteString.CopyFrom(sent.Txid.ToBytes()),
                DepositIndex = index,
                BuyerOnly = true,
                Reason = "the vendor's key is not in my escrow",
            },
        });
        await Poll.UntilAsync(() => _arbitrator.Disputes.Find(id) is not null, "the arbitrator accepts the case", StepDeadline);
        Assert.Contains("vendor escrow key is not the one the vendor's listing derives", _arbitrator.Disputes.Get(id).Findings, StringComparison.Ordinal);
        Assert.True(_arbitrator.Disputes.Get(id).BuyerOnly);
    }
}
