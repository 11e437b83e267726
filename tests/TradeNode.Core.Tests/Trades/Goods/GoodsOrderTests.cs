using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Chain;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Protocol;
using Xunit.Abstractions;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>
/// Goods orders between real nodes on loopback (buyer, vendor, an arbitrator that only publishes its profile) over the
/// P2P mailbox, with real wallets on one shared in-memory regtest chain. Blocks are mined explicitly; states are
/// polled with deadlines. Every settled order checks both wallets to the satoshi.
/// </summary>
public sealed partial class GoodsOrderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long UnitPrice = 150_000;
    private const long ShippingPrice = 7_000;
    private const int Quantity = 2;
    private const long Amount = (UnitPrice * Quantity) + ShippingPrice;
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"orders-{Guid.NewGuid():N}");
    private readonly RegtestChain _chain = RegtestChain.CreateInMemory();
    private readonly List<TradeParty> _parties = [];
    private IChainClient _client = null!;
    private TradeParty _arbitrator = null!;

    public async Task InitializeAsync()
    {
        _client = new EmbeddedChainClient(_chain);
        _arbitrator = await StartPartyAsync("arbitrator");
        await _arbitrator.Arbitrators.RegisterAsync(new ArbitratorDraft
        {
            Name = "Arbiter",
            FeeBps = 50,
            Languages = ["en"],
            EscrowXpub = _arbitrator.Wallet.EscrowAccountKey.ToString(Network.RegTest),
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var party in _parties)
        {
            await party.DisposeAsync();
        }

        _chain.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temp folder.
        }
    }

    [Fact]
    public async Task An_order_placed_while_the_vendor_is_not_reading_completes_and_both_wallets_match_to_the_satoshiAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync(startVendorLoop: false);
        var listing = await ListAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St, Springfield", string.Empty, "gift wrap");
        Assert.Equal(OrderState.Funded, placed.State);
        Assert.Equal(Amount, placed.AmountSats);
        Assert.Contains(UInt256.Parse(placed.FundingTxid), _chain.GetMempoolTxids());
        Assert.Equal(Amount, _chain.GetTransaction(UInt256.Parse(placed.FundingTxid))!.Transaction.Outputs[0].Value.Satoshi);

        vendor.StartTrading();
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        var received = vendor.Orders.Get(placed.Id);
        Assert.Equal("12 Main St, Springfield", received.ShippingAddress);
        Assert.Equal(OrderRole.Vendor, received.Role);
        Assert.Equal("accept_or_decline", OrderService.NextAction(received));
        var vendorChat = new OrderChatParticipants(vendor.Orders).Find(placed.Id)!;
        var buyerChat = new OrderChatParticipants(buyer.Orders).Find(placed.Id)!;
        Assert.Equal(ChatRole.Vendor, vendorChat.OwnRole);
        Assert.Equal(new ChatParticipant(buyer.Node.Identity.PublicKey, ChatRole.Buyer), Assert.Single(vendorChat.Others));
        Assert.Equal(new ChatParticipant(vendor.Node.Identity.PublicKey, ChatRole.Vendor), Assert.Single(buyerChat.Others));

        await vendor.Orders.AcceptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Accepted, "the buyer sees the acceptance", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.FundingConfirmedAt is not null, "the vendor sees the funding confirmed", StepDeadline);
        await vendor.Orders.MarkFulfilledAsync(placed.Id, "tracking RR123");
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Fulfilled, "the buyer sees the fulfilment", StepDeadline);
        Assert.Equal("tracking RR123", buyer.Orders.Get(placed.Id).TrackingNote);
        await buyer.Orders.ConfirmReceiptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.PayoutPublished, "the vendor publishes the payout", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Completed && Find(vendor, placed.Id)?.State == OrderState.Completed, "both complete", StepDeadline);
        output.WriteLine($"order to completed in {clock.ElapsedMilliseconds} ms");

        var order = buyer.Orders.Get(placed.Id);
        var signed = order.SignedContract;
        Assert.Empty(TradeContracts.CheckSigned(vendor.Orders.Get(placed.Id).SignedContract, Network.RegTest));
        Assert.Equal(order.Contract, signed.Contract.ToByteArray());
        Assert.Equal(vendor.Node.Identity.PublicKey, order.VendorNodeKey);
        Assert.Equal(_arbitrator.Node.Identity.PublicKey, order.ArbitratorNodeKey);
        Assert.Equal(EscrowKeyDerivation.DerivePubKey(vendor.Wallet.EscrowAccountKey, order.Id), order.VendorEscrowKey);
        var fundingFee = Fee(order.FundingTxid);
        var payoutFee = Fee(order.PayoutTxid);
        Assert.Equal(before.Buyer - Amount - fundingFee, await buyer.TotalAsync());
        Assert.Equal(before.Vendor + Amount - payoutFee, await vendor.TotalAsync());
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
    }

    [Fact]
    public async Task A_declined_order_refunds_the_buyer_everything_but_the_two_mining_feesAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var listing = await ListAsync(vendor, buyer);
        var before = await buyer.TotalAsync();

        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St", string.Empty);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        await vendor.Orders.DeclineAsync(placed.Id, "out of stock");
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.RefundPublished, "the buyer co-signs and publishes the refund", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Declined && Find(vendor, placed.Id)?.State == OrderState.Declined, "both see it declined", StepDeadline);

        var order = buyer.Orders.Get(placed.Id);
        Assert.Equal("out of stock", order.RefundReason);
        Assert.Empty(order.VendorSignature);
        Assert.Equal(before - Fee(order.FundingTxid) - Fee(order.RefundTxid), await buyer.TotalAsync());
    }

    [Theory]
    [InlineData("amount", "is not 150000 x 2 + 7000", true)]
    [InlineData("version", "listing version hash is not the hash", true)]
    [InlineData("funding", "must hold exactly", false)]
    public async Task The_vendor_refuses_a_tampered_order_with_the_reason_and_signs_only_a_refund_of_a_funded_escrowAsync(string tamper, string reason, bool refunds)
    {
        var (buyer, vendor) = await StartPartiesAsync(startBuyerLoop: false);
        var listing = await ListAsync(vendor, buyer);
        var orderId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

        // The buyer writes the contract by hand, funds exactly what it claims, and sends it.
        var contract = ContractFor(buyer, vendor, listing, orderId);
        if (tamper == "amount")
        {
            contract.AmountSats += 1;
        }
        else if (tamper == "version")
        {
            contract.ListingVersionHash = new string('0', 64);
        }

        var escrow = TradeContracts.ToEscrow(contract, Network.RegTest);
        var request = new OrderRequest { Contract = contract.ToByteString(), BuyerSignature = ByteString.CopyFrom(TradeContracts.Sign(buyer.Node.Identity, contract.ToByteArray())) };
        // "funding": the escrow address gets one satoshi less than the contract's amount, so the vendor cannot sign a refund of it.
        var sent = await buyer.Wallet.SendAsync(escrow.Address, tamper == "funding" ? escrow.AmountSats - 1 : escrow.AmountSats);
        request.FundingTxid = ByteString.CopyFrom(sent.Txid.ToBytes());
        request.FundingIndex = (uint)sent.Transaction.Outputs.FindIndex(o => o.ScriptPubKey == escrow.ScriptPubKey);

        await buyer.Node.Mailbox.SendAsync(vendor.Node.Identity.PublicKey, MailRouter.Wrap(OrderService.MailTopic, new OrderMessage { OrderId = orderId, OrderRequest = request }.ToByteArray()));

        using var timeout = new CancellationTokenSource(StepDeadline);
        var answer = await buyer.Node.Mailbox.Received.ReadAsync(timeout.Token);
        var reply = Unwrap(answer.Payload);
        Assert.Equal(orderId, reply.OrderId);
        Assert.Equal(OrderMessage.BodyOneofCase.OrderRefused, reply.BodyCase);
        Assert.Contains(reason, reply.OrderRefused.Reason, StringComparison.Ordinal);
        var refused = vendor.Orders.Get(orderId);
        Assert.Equal(reply.OrderRefused.Reason, refused.LastError);
        Assert.Empty(refused.VendorSignature);
        Assert.Empty(refused.PayoutPsbt);
        await Assert.ThrowsAsync<Errors.PreconditionFailedException>(() => vendor.Orders.AcceptAsync(orderId));
        if (!refunds)
        {
            Assert.Equal(OrderState.Refused, refused.State);
            Assert.Empty(refused.RefundPsbt);
            Assert.True(reply.OrderRefused.RefundPsbt.IsEmpty);
            Assert.Null(new OrderChatParticipants(vendor.Orders).Find(orderId));
            return;
        }

        // The vendor's key is in the funded escrow: it signed a refund of all of it minus the fee to the buyer's payout script.
        Assert.Equal(OrderState.RefundSigned, refused.State);
        Assert.True(refused.RefusedWithRefund);
        Assert.Equal(reply.OrderRefused.RefundPsbt.ToByteArray(), refused.RefundPsbt);
        var refund = Bitcoin.Psbt.PSBT.Load(refused.RefundPsbt, Network.RegTest);
        var output = Assert.Single(refund.GetGlobalTransaction().Outputs);
        Assert.Equal(new Script(contract.BuyerPayoutScript.Span), output.ScriptPubKey);
        Assert.InRange(contract.AmountSats - output.Value.Satoshi, 100, 5_000);
        Assert.Equal(UInt256.Parse(refused.FundingTxid).ToBytes(), request.FundingTxid.ToByteArray());
    }

    [Fact]
    public async Task A_message_from_a_third_node_claiming_to_be_the_vendor_is_rejected_and_changes_nothingAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var listing = await ListAsync(vendor, buyer);
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, 1, "Post", "12 Main St", string.Empty);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        var rejected = new TaskCompletionSource<RejectedOrderMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        buyer.Orders.MessageRejected += (_, r) => rejected.TrySetResult(r);

        var forged = new OrderMessage { OrderId = placed.Id, OrderAccepted = new OrderAccepted { VendorSignature = ByteString.CopyFrom(new byte[64]), PayoutScript = ByteString.CopyFrom(new byte[22]) } };
        await _arbitrator.Node.Mailbox.SendAsync(buyer.Node.Identity.PublicKey, MailRouter.Wrap(OrderService.MailTopic, forged.ToByteArray()));

        var rejection = await rejected.Task.WaitAsync(StepDeadline);
        Assert.Equal(_arbitrator.Node.Identity.PublicKey, rejection.Sender);
        Assert.Equal(OrderState.Funded, buyer.Orders.Get(placed.Id).State);
    }

    [Fact]
    public async Task A_disputed_order_refunded_by_the_arbitrator_resolves_on_all_three_nodes_with_exact_balancesAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        _arbitrator.StartTrading();
        var listing = await ListAsync(vendor, buyer);
        var before = (Buyer: await buyer.TotalAsync(), Vendor: await vendor.TotalAsync(), Arbitrator: await _arbitrator.TotalAsync());
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St, Springfield", string.Empty, string.Empty);
        var id = placed.Id;
        await Poll.UntilAsync(() => Find(vendor, id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        var early = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Disputes.OpenAsync(id, "too early"));
        Assert.Contains("the vendor has not answered yet", early.Message, StringComparison.Ordinal);
        Assert.Equal(OrderState.Funded, buyer.Orders.Get(id).State);

        await vendor.Orders.AcceptAsync(id);
        await Poll.UntilAsync(() => Find(buyer, id)?.State == OrderState.Accepted, "the buyer sees the acceptance", StepDeadline);
        _chain.Generate(1, Stranger());
        var opened = await buyer.Disputes.OpenAsync(id, "Nothing was shipped");
        Assert.Equal(DisputeState.Open, opened.State);
        Assert.Equal(OrderState.Disputed, buyer.Orders.Get(id).State);
        Assert.Equal(placed.FundingIndex, opened.DepositIndex);
        await Poll.UntilAsync(
            () => _arbitrator.Disputes.Find(id) is { SellerPayoutScript.Length: > 0 } && Find(vendor, id)?.State == OrderState.Disputed,
            "the arbitrator has the case with the vendor's payout destination, and the vendor knows",
            StepDeadline);
        await Assert.ThrowsAsync<PreconditionFailedException>(() => vendor.Orders.MarkFulfilledAsync(id, "too late"));
        Assert.Equal(vendor.Orders.Get(id).VendorPayoutScript, _arbitrator.Disputes.Get(id).SellerPayoutScript);
        Assert.Equal(EscrowRole.Buyer, _arbitrator.Disputes.Get(id).OpenedBy);

        // A third node writing about the order is rejected by the arbitrator and by the buyer, and changes nothing.
        var intruder = await StartPartyAsync("intruder", _arbitrator.Node.ListenAddress, buyer.Node.ListenAddress);
        intruder.StartTrading();
        await Poll.UntilAsync(
            () => intruder.Node.Store.Find(_arbitrator.Node.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null
                && intruder.Node.Store.Find(buyer.Node.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null,
            "the third node knows the arbitrator's and the buyer's encryption keys",
            StepDeadline);
        var arbitratorRejected = System.Threading.Channels.Channel.CreateUnbounded<RejectedTradeMessage>();
        _arbitrator.Disputes.MessageRejected += (_, r) => arbitratorRejected.Writer.TryWrite(r);
        var buyerRejected = System.Threading.Channels.Channel.CreateUnbounded<RejectedTradeMessage>();
        buyer.Disputes.MessageRejected += (_, r) => buyerRejected.Writer.TryWrite(r);
        var signed = buyer.Orders.Get(id).SignedContract;
        await SendDisputeAsync(intruder, _arbitrator, new DisputeMessage { TradeId = id, Evidence = new DisputeEvidence { Text = "I am the vendor" } });
        await SendDisputeAsync(intruder, _arbitrator, new DisputeMessage { TradeId = id, Opened = new DisputeOpened { Contract = signed, SellerPayoutScript = ByteString.CopyFrom(Stranger().ToBytes()) } });
        await SendDisputeAsync(intruder, buyer, new DisputeMessage { TradeId = id, Decision = new DisputeDecision { BuyerSats = 1 } });
        Assert.Contains("buyer or seller", (await NextFromAsync(arbitratorRejected, intruder)).Reason, StringComparison.Ordinal);
        Assert.Contains("buyer or seller", (await NextFromAsync(arbitratorRejected, intruder)).Reason, StringComparison.Ordinal);
        Assert.Contains("may only come from", (await NextFromAsync(buyerRejected, intruder)).Reason, StringComparison.Ordinal);
        Assert.Empty(_arbitrator.Disputes.Get(id).Evidence);
        Assert.Equal(vendor.Orders.Get(id).VendorPayoutScript, _arbitrator.Disputes.Get(id).SellerPayoutScript);
        Assert.Equal(DisputeState.Open, buyer.Disputes.Get(id).State);

        // The arbitrator refunds the buyer: everything but its fee and the payout's mining fee.
        var dispute = _arbitrator.Disputes.Get(id);
        var rate = Bitcoin.Fees.FeeRate.FromSatoshisPerVByte(2);
        var fee = _arbitrator.Disputes.ArbitratorFeeOf(dispute);
        Assert.Equal(Amount * 50 / 10_000, fee);
        var buyerSats = _arbitrator.Disputes.EscrowOf(dispute) - fee - DisputeSplit.MiningFee(rate, 2);
        await _arbitrator.Disputes.ResolveAsync(id, buyerSats, 0, "no proof of shipping", rate);
        await Poll.UntilAsync(() => buyer.Disputes.Get(id).State == DisputeState.Decided && vendor.Disputes.Get(id).State == DisputeState.Decided, "both have the decision", StepDeadline);
        var accepted = await buyer.Disputes.AcceptAsync(id);
        Assert.Equal(DisputeState.PayoutPublished, accepted.State);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(
            () => new[] { buyer, vendor, _arbitrator }.All(p => p.Disputes.Get(id).State == DisputeState.Resolved)
                && Find(buyer, id)?.State == OrderState.Resolved && Find(vendor, id)?.State == OrderState.Resolved,
            "all three see the dispute resolved",
            StepDeadline);

        var order = buyer.Orders.Get(id);
        Assert.Equal(accepted.PayoutTxid, order.DisputePayoutTxid);
        var payout = _chain.GetTransaction(UInt256.Parse(accepted.PayoutTxid))!.Transaction;
        Assert.Equal(2, payout.Outputs.Count);
        Assert.Equal(DisputeSplit.MiningFee(rate, 2), Fee(accepted.PayoutTxid));
        Assert.Equal(before.Buyer - Amount - Fee(order.FundingTxid) + buyerSats, await buyer.TotalAsync());
        Assert.Equal(before.Vendor, await vendor.TotalAsync());
        Assert.Equal(before.Arbitrator + fee, await _arbitrator.TotalAsync());
        Assert.Equal(0, buyer.Wallet.GetBalance().Reserved);
    }

    private static async Task SendDisputeAsync(TradeParty from, TradeParty to, DisputeMessage message) =>
        await from.Node.Mailbox.SendAsync(to.Node.Identity.PublicKey, MailRouter.Wrap(DisputeService.MailTopic, message.ToByteArray()));

    /// <summary>The next rejection of a message from <paramref name="sender"/>; others are skipped.</summary>
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

    private static GoodsOrder? Find(TradeParty party, string orderId) => party.Orders.List().FirstOrDefault(o => o.Id == orderId);

    private static Script Stranger() => new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit);

    /// <summary>The fee a confirmed transaction paid: its inputs (looked up on chain) minus its outputs.</summary>
    private long Fee(string txid)
    {
        var transaction = _chain.GetTransaction(UInt256.Parse(txid))!.Transaction;
        var inputs = transaction.Inputs.Sum(i => _chain.GetTransaction(i.PrevOut.Hash)!.Transaction.Outputs[(int)i.PrevOut.N].Value.Satoshi);
        var fee = inputs - transaction.TotalOut.Satoshi;
        Assert.True(fee > 0);
        return fee;
    }

    private TradeContract ContractFor(TradeParty buyer, TradeParty vendor, Listing listing, string orderId)
    {
        var item = vendor.Node.Store.Find(vendor.Node.Identity.PublicKey, ItemKind.Listing, listing.Id)!;
        return new TradeContract
        {
            TradeId = orderId,
            Kind = TradeKind.Goods,
            Network = Network.RegTest.Name,
            TermsItem = item.ToByteString(),
            BuyerNodeKey = ByteString.CopyFrom(buyer.Node.Identity.PublicKey.Span),
            SellerNodeKey = ByteString.CopyFrom(vendor.Node.Identity.PublicKey.Span),
            ArbitratorNodeKey = ByteString.CopyFrom(_arbitrator.Node.Identity.PublicKey.Span),
            AmountSats = Amount,
            ListingVersionHash = listing.Version.ToString(),
            Quantity = Quantity,
            ShippingOption = "Post",
            ShippingSats = ShippingPrice,
            BuyerEscrowKey = ByteString.CopyFrom(buyer.Wallet.GetEscrowKey(EscrowKeyDerivation.ChildIndex(orderId)).PubKey.ToBytes()),
            SellerEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(vendor.Wallet.EscrowAccountKey, orderId).ToBytes()),
            ArbitratorEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(_arbitrator.Wallet.EscrowAccountKey, orderId).ToBytes()),
            ArbitratorEscrowXpub = _arbitrator.Wallet.EscrowAccountKey.ToString(Network.RegTest),
            SellerEscrowXpub = vendor.Wallet.EscrowAccountKey.ToString(Network.RegTest),
            BuyerPayoutScript = ByteString.CopyFrom(buyer.Wallet.NewAddress().ScriptPubKey.ToBytes()),
        };
    }

    private Task<TradeParty> StartPartyAsync(string name, params string[] seeds) => StartPartyAsync(name, null, seeds);

    private async Task<TradeParty> StartPartyAsync(string name, OrderOptions? orderOptions, params string[] seeds)
    {
        var party = orderOptions is null
            ? await TradeParty.StartAsync(Path.Combine(_root, name), _client, seeds)
            : await TradeParty.StartAsync(Path.Combine(_root, name), _client, orderOptions, seeds);
        _parties.Add(party);
        return party;
    }

    private async Task<(TradeParty Buyer, TradeParty Vendor)> StartPartiesAsync(bool startBuyerLoop = true, bool startVendorLoop = true, OrderOptions? buyerOptions = null)
    {
        var vendor = await StartPartyAsync("vendor", _arbitrator.Node.ListenAddress);
        var buyer = await StartPartyAsync("buyer", buyerOptions, _arbitrator.Node.ListenAddress, vendor.Node.ListenAddress);
        await buyer.Wallet.FundAsync();
        await vendor.Wallet.FundAsync();
        await buyer.Wallet.SyncAsync();
        if (startVendorLoop)
        {
            vendor.StartTrading();
        }

        if (startBuyerLoop)
        {
            buyer.StartTrading();
        }

        var arbitrator = _arbitrator.Node.Identity.Id;
        await Poll.UntilAsync(() => vendor.Arbitrators.IsKnown(arbitrator) && buyer.Arbitrators.IsKnown(arbitrator), "the parties know the arbitrator", StepDeadline);
        return (buyer, vendor);
    }

    private async Task<Listing> ListAsync(TradeParty vendor, TradeParty buyer)
    {
        var listing = await vendor.Listings.CreateAsync(new ListingDraft
        {
            Title = "Hand-made teapot",
            Description = "Stoneware, 1 litre.",
            Price = ListingPrice.InSats(UnitPrice),
            Quantity = 5,
            Shipping = [new ShippingOption("Post", ["WORLD"], ListingPrice.InSats(ShippingPrice))],
            Arbitrators = [_arbitrator.Node.Identity.Id.ToString()],
            EscrowXpub = vendor.Wallet.EscrowAccountKey.ToString(Network.RegTest),
        });
        await Poll.UntilAsync(() => buyer.Listings.Book.Get(listing.Id) is not null, "the buyer's book has the listing", StepDeadline);
        return buyer.Listings.Get(listing.Id);
    }

    /// <summary>The order message inside a mailbox payload's envelope; fails the test for any other topic.</summary>
    private static OrderMessage Unwrap(byte[] payload)
    {
        var mail = Mail.Parser.ParseFrom(payload);
        Assert.Equal(OrderService.MailTopic, mail.Topic);
        return OrderMessage.Parser.ParseFrom(mail.Body);
    }
}
