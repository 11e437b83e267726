using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Trades.Ratings;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>Ratings of a real currency trade on the shared embedded chain: who may publish, and what verifies.</summary>
public sealed partial class CurrencyTradeTests
{
    [Fact]
    public async Task The_buyers_rating_of_a_completed_trade_verifies_everywhere_and_forged_wrong_unspent_or_foreign_ratings_do_not_with_reasonsAsync()
    {
        var (seller, buyer) = await StartTradersAsync();
        var offer = await MakeOfferAsync(seller, buyer, OfferDirection.Sell);
        var taken = await buyer.Trades.TakeOfferAsync(offer.Id, TradeAmount, Arbitrator.Node.Identity.Id.ToString(), "IBAN DE00 buyer");
        await ConfirmDepositAsync(taken.Id, seller, buyer);
        var whileOpen = new TradeRatingSource(buyer.Trades, Network.RegTest).Find(taken.Id)!;
        var unspent = await VerifyAsync(BodyOf(whileOpen, seller.Node.Identity.PublicKey), buyer.Node.Identity.PublicKey);
        var notYet = await Assert.ThrowsAsync<PreconditionFailedException>(() => buyer.Ratings.PublishAsync(taken.Id, 5, "too early"));
        await PayOutAsync(taken.Id, buyer, seller);

        var published = await buyer.Ratings.PublishAsync(taken.Id, 4, "Quick and polite.");
        var bySeller = await Assert.ThrowsAsync<PreconditionFailedException>(() => seller.Ratings.PublishAsync(taken.Id, 1, "I rate myself"));
        var badStars = await Assert.ThrowsAsync<InvalidInputException>(() => buyer.Ratings.PublishAsync(taken.Id, 6, string.Empty));
        var sellerId = seller.Node.Identity.Id;
        await Poll.UntilAsync(() => seller.Node.Store.GetByKind(P2P.Protocol.ItemKind.Rating).Count == 1, "the rating reaches the seller's node", StepDeadline);
        var (onSeller, summary) = await seller.Ratings.ListAsync(sellerId, null);
        var cached = seller.Ratings.CachedSummary(seller.Node.Identity.PublicKey);

        var completed = new TradeRatingSource(buyer.Trades, Network.RegTest).Find(taken.Id)!;
        var genuine = BodyOf(completed, seller.Node.Identity.PublicKey);
        var forgedContract = TradeContract.Parser.ParseFrom(genuine.Contract.Contract);
        forgedContract.AmountSats += 1;
        var forged = new Core.Protocol.RatingBody(genuine) { Contract = new SignedTradeContract(genuine.Contract) { Contract = forgedContract.ToByteString() } };
        var wrongVout = new Core.Protocol.RatingBody(genuine) { EscrowVout = genuine.EscrowVout + 1 };
        var payoutTxid = buyer.Trades.Get(taken.Id).PayoutTxid;
        var otherTx = new Core.Protocol.RatingBody(genuine) { EscrowTxid = payoutTxid, EscrowVout = 0 };
        var notOnChain = new Core.Protocol.RatingBody(genuine) { EscrowTxid = new string('7', 64) };
        var wrongSubject = new Core.Protocol.RatingBody(genuine) { SubjectNodeKey = ByteString.CopyFrom(Arbitrator.Node.Identity.PublicKey.Span) };

        Assert.True(published.Verification.IsVerified, published.Verification.Reason);
        Assert.Equal(4, published.Stars);
        Assert.Equal(seller.Node.Identity.PublicKey, published.SubjectKey);
        Assert.Equal(completed.EscrowOutPoint, published.EscrowOutPoint);
        Assert.Equal(buyer.Trades.Get(taken.Id).DepositTxid, published.EscrowOutPoint.Hash.ToString());
        Assert.Equal(taken.Id, published.TradeId);
        var listed = Assert.Single(onSeller);
        Assert.True(listed.Verification.IsVerified, listed.Verification.Reason);
        Assert.False(listed.IsMine);
        Assert.Equal("Quick and polite.", listed.Text);
        Assert.Equal(new RatingSummary(1, 1, 4.00m), summary);
        Assert.Equal(summary, cached);

        Assert.Contains("not spent", unspent.Reason, StringComparison.Ordinal);
        Assert.Contains("has not completed", notYet.Message, StringComparison.Ordinal);
        Assert.Contains("Only the buyer", bySeller.Message, StringComparison.Ordinal);
        Assert.Equal("stars", badStars.Field);
        Assert.True((await VerifyAsync(genuine, buyer.Node.Identity.PublicKey)).IsVerified);
        Assert.Contains("signature", (await VerifyAsync(forged, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's escrow output", (await VerifyAsync(wrongVout, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's escrow output", (await VerifyAsync(otherTx, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not on chain", (await VerifyAsync(notOnChain, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("author is not the contract's buyer", (await VerifyAsync(genuine, seller.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
        Assert.Contains("not the contract's seller", (await VerifyAsync(wrongSubject, buyer.Node.Identity.PublicKey)).Reason, StringComparison.Ordinal);
    }

    private static Core.Protocol.RatingBody BodyOf(RateableTrade trade, NodeKey subject) => new()
    {
        SubjectNodeKey = ByteString.CopyFrom(subject.Span),
        Stars = 5,
        Text = "ok",
        EscrowTxid = trade.EscrowOutPoint!.Hash.ToString(),
        EscrowVout = trade.EscrowOutPoint.N,
        Contract = trade.Contract,
    };

    private Task<RatingVerification> VerifyAsync(Core.Protocol.RatingBody body, NodeKey author) =>
        RatingVerifier.VerifyAsync(body, author, Client, Network.RegTest, DateTimeOffset.UtcNow);
}
