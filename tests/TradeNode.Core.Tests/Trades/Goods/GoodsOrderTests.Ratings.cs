using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Tests.Trades.Currency;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Trades.Ratings;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Tests.Trades.Goods;

/// <summary>Ratings of a real goods order on the shared embedded chain: who may publish, and what verifies.</summary>
public sealed partial class GoodsOrderTests
{
    [Fact]
    public async Task The_buyers_rating_of_a_completed_order_verifies_everywhere_and_forged_wrong_unspent_foreign_or_currency_ratings_do_not_with_reasonsAsync()
    {
        var (buyer, vendor) = await StartPartiesAsync();
        var listing = await ListAsync(vendor, buyer);
        var placed = await buyer.Orders.PlaceOrderAsync(listing.Id, Quantity, "Post", "12 Main St, Springfield", string.Empty);
        await Poll.UntilAsync(() => Find(vendor, placed.Id)?.State == OrderState.Funded, "the vendor reads the order", StepDeadline);
        await vendor.Orders.AcceptAsync(placed.Id);
        await Poll.UntilAsync(() => Find(buyer, placed.Id)?.State == OrderState.Accepted, "the buyer sees the acceptance", StepDeadline);
        _chain.Generate(1, Stranger());
        var whileOpen = new OrderRatingSource(buyer.Orders).Find(placed.Id)!;
        var unspent = await VerifyAsync(BodyOf(whileOpen, vendor.Node.Identity.PublicKey), buyer.Node.Identity.PublicKey);
        var notYet = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Ratings.PublishAsync(placed.Id, 5, "too early"));
        await CompleteAcceptedAsync(buyer, vendor, placed.Id);

        var published = await buyer.Ratings.PublishAsync(placed.Id, 4, "Well packed.");
        var byVendor = await Assert.ThrowsAsync<PreconditionFailedException>(() => vendor.Ratings.PublishAsync(placed.Id, 1, "I rate myself"));
        var badStars = await Assert.ThrowsAsync<InvalidInputException>(() => buyer.Ratings.PublishAsync(placed.Id, 6, string.Empty));
        await Poll.UntilAsync(
            () => vendor.Node.Store.GetByKind(P2P.Protocol.ItemKind.Rating).Count == 1 && _arbitrator.Node.Store.GetByKind(P2P.Protocol.ItemKind.Rating).Count == 1,
            "the rating reaches the vendor's and a third node",
            StepDeadline);
        var (onVendor, summary) = await vendor.Ratings.ListAsync(vendor.Node.Identity.Id, null);
        var (onThird, thirdSummary) = await _arbitrator.Ratings.ListAsync(null, listing.Id);
        var cached = _arbitrator.Ratings.CachedSummary(vendor.Node.Identity.PublicKey);

        var completed = new OrderRatingSource(buyer.Orders).Find(placed.Id)!;
        var genuine = BodyOf(completed, vendor.Node.Identity.PublicKey);
        var forgedContract = TradeContract.Parser.ParseFrom(genuine.Contract.Contract);
        forgedContract.AmountSats += 1;
        var forged = WithContract(genuine, forgedContract);
        var currency = WithContract(genuine, new TradeContract(TradeContract.Parser.ParseFrom(genuine.Contract.Contract)) { Kind = TradeKind.Currency });
        var withAccount = WithContract(genuine, new TradeContract(TradeContract.Parser.ParseFrom(genuine.Contract.Contract)) { BuyerPaymentAccount = "IBAN DE00 buyer" });
        var wrongVout = new Core.Protocol.RatingBody(genuine) { EscrowVout = genuine.EscrowVout + 1 };
        var otherTx = new Core.Protocol.RatingBody(genuine) { EscrowTxid = buyer.Orders.Get(placed.Id).PayoutTxid, EscrowVout = 0 };
        var notOnChain = new Core.Protocol.RatingBody(genuine) { EscrowTxid = new string('7', 64) };
        var wrongSubject = new Core.Protocol.RatingBody(genuine) { SubjectNodeKey = ByteString.CopyFrom(_arbitrator.Node.Identity.PublicKey.Span) };
        var contract = TradeContract.Parser.ParseFrom(completed.Contract!.Contract);

        Assert.True(published.Verification.IsVerified, published.Verification.Reason);
        Assert.Equal(4, published.Stars);
        Assert.Equal(vendor.Node.Identity.PublicKey, published.SubjectKey);
        Assert.Equal(buyer.Orders.Get(placed.Id).FundingOutpoint, published.EscrowOutPoint);
        Assert.Equal(placed.Id, published.TradeId);
        Assert.Equal(listing.Id, published.ListingId);
        var listed = Assert.Single(onVendor);
        Assert.True(listed.Verification.IsVerified, listed.Verification.Reason);
        Assert.False(listed.IsMine);
        Assert.Equal("Well packed.", listed.Text);
        Assert.Equal(new RatingSummary(1, 1, 4.00m), summary);
        Assert.True(Assert.Single(onThird).Verification.IsVerified);
        Assert.Equal(summary, thirdSummary);
        Assert.Equal(summary, cached);

        // What becomes public: a goods contract without payment accounts, and the shipping address is nowhere in it.
        Assert.Equal(TradeKind.Goods, contract.Kind);
        Assert.Empty(contract.BuyerPaymentAccount);
        Assert.Empty(contract.SellerPaymentAccount);
        Assert.DoesNotContain("Main St", System.Text.Encoding.UTF8.GetString(genuine.ToByteArray()), StringComparison.Ordinal);

        Assert.Contains("not spent", unspent.Reason, StringComparison.Ordinal);
        Assert.Contains("has not completed", notYet.Message, StringComparison.Ordinal);
        Assert.Contains("Only the buyer", byVendor.Message, StringComparison.Ordinal);
        Assert.Equal("stars", badStars.Field);
        Assert.True((await VerifyAsync(genuine, buyer.Node.Identity.PublicKey)).IsVerified);
        Assert.Contains("signature", (await VerifyAsync(forged, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not a goods order contract", (await VerifyAsync(currency, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("payment account details", (await VerifyAsync(withAccount, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's escrow output", (await VerifyAsync(wrongVout, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's escrow output", (await VerifyAsync(otherTx, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not on chain", (await VerifyAsync(notOnChain, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("author is not the contract's buyer", (await VerifyAsync(genuine, vendor.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's seller", (await VerifyAsync(wrongSubject, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
    }

    /// <summary>Takes an accepted order with confirmed funding to Completed on both sides.</summary>
    private async Task CompleteAcceptedAsync(TradeParty buyer, TradeParty vendor, string orderId)
    {
        await Poll.UntilAsync(() => Find(vendor, orderId)?.FundingConfirmedAt is not null, "the vendor sees the funding confirmed", StepDeadline);
        await vendor.Orders.MarkFulfilledAsync(orderId, "tracking RR123");
        await Poll.UntilAsync(() => Find(buyer, orderId)?.State == OrderState.Fulfilled, "the buyer sees the fulfilment", StepDeadline);
        await buyer.Orders.ConfirmReceiptAsync(orderId);
        await Poll.UntilAsync(() => Find(vendor, orderId)?.State == OrderState.PayoutPublished, "the vendor publishes the payout", StepDeadline);
        _chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(buyer, orderId)?.State == OrderState.Completed && Find(vendor, orderId)?.State == OrderState.Completed, "both complete", StepDeadline);
    }

    private static Core.Protocol.RatingBody WithContract(Core.Protocol.RatingBody body, TradeContract contract) =>
        new(body) { Contract = new SignedTradeContract(body.Contract) { Contract = contract.ToByteString() } };

    private static Core.Protocol.RatingBody BodyOf(RateableTrade trade, NodeKey subject) => new()
    {
        SubjectNodeKey = ByteString.CopyFrom(subject.Span),
        Stars = 5,
        Text = "ok",
        EscrowTxid = trade.EscrowOutPoint!.Hash.ToString(),
        EscrowVout = trade.EscrowOutPoint.N,
        Contract = trade.Contract ?? throw new InvalidOperationException("The order has no contract signed by both."),
    };

    private Task<RatingVerification> VerifyAsync(Core.Protocol.RatingBody body, NodeKey author) =>
        RatingVerifier.VerifyAsync(body, author, _client, Network.RegTest, DateTimeOffset.UtcNow);
}
