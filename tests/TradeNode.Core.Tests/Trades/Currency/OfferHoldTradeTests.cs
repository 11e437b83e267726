using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Currency;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>
/// A maker whose wallet holds one coin (one withdrawal from an exchange) makes several offers, which hold amounts, not
/// coins; takes turn a hold into the trade's coin reservation. Real nodes, wallets and LiteDB files on one regtest chain.
/// </summary>
public sealed class OfferHoldTradeTests : TradeTestBase
{
    private const long Coin = Money.CoinSatoshis;
    private const long Amount = 5 * Coin;
    private const long HeldPerOffer = Amount + (Amount * 15 / 100);

    [Fact]
    public async Task One_coin_funds_three_offers_and_two_are_taken_in_turn_once_the_first_deposit_confirmsAsync()
    {
        var (funder, taker) = await StartTradersAsync();
        var maker = await StartPartyAsync("one-coin", Arbitrator.Node.ListenAddress, taker.Node.ListenAddress);
        await funder.Wallet.SendAsync(maker.Wallet.NewAddress(), 20 * Coin, FeeRate.FromSatoshisPerVByte(2));
        Chain.Generate(1, Stranger());
        await maker.Wallet.SyncAsync();
        await taker.Wallet.SyncAsync();
        Assert.Single(maker.Wallet.ListUnspent());
        maker.StartTrading();
        var arbitrator = Arbitrator.Node.Identity.Id;
        await Poll.UntilAsync(
            () => maker.Arbitrators.IsKnown(arbitrator) && KnowsProfile(maker, taker) && KnowsProfile(taker, maker),
            "the one-coin maker, the taker and the arbitrator know each other",
            StepDeadline);

        // One coin of 20 BTC backs three offers holding 5.75 BTC each; a fourth would promise 23 BTC.
        var offers = new List<Offer>();
        for (var i = 0; i < 3; i++)
        {
            offers.Add(await maker.Offers.CreateAsync(Draft()));
        }

        var fourth = await Assert.ThrowsAsync<PreconditionFailedException>(() => maker.Offers.CreateAsync(Draft()));
        Assert.Contains($"{3 * HeldPerOffer} are held by open offers", fourth.Message, StringComparison.Ordinal);
        Assert.Equal(3 * HeldPerOffer, maker.Wallet.GetBalance().Held);
        Assert.Equal(3, maker.Offers.ListMine().Count);
        foreach (var offer in offers)
        {
            maker.Trades.SetOfferPaymentAccount(offer.Id, "IBAN DE99 maker");
        }

        await Poll.UntilAsync(() => offers.All(o => taker.Offers.Book.Get(o.Id) is not null), "the taker's book has the three offers", StepDeadline);

        // The first take turns the first offer's hold into the trade's coins: the only coin.
        var first = await taker.Trades.TakeOfferAsync(offers[0].Id, Amount, arbitrator.ToString(), "IBAN DE00 taker");
        await Poll.UntilAsync(
            () => Find(maker, first.Id)?.State == TradeState.DepositPublished && Find(taker, first.Id)?.State == TradeState.DepositPublished,
            "the first deposit is published",
            StepDeadline);
        await maker.Wallet.SyncAsync();
        Assert.Equal(0, maker.Wallet.GetHeld($"offer/{offers[0].Id}"));
        Assert.Equal(2 * HeldPerOffer, maker.Wallet.GetBalance().Held);

        // While the only coin's change sits unconfirmed in the first deposit, a second take is refused with the reason;
        // the offer stays open and keeps its hold.
        var early = await taker.Trades.TakeOfferAsync(offers[1].Id, Amount, arbitrator.ToString(), "IBAN DE00 taker");
        await Poll.UntilAsync(() => Find(taker, early.Id)?.State == TradeState.Refused, "the early second take is refused", StepDeadline);
        var reason = taker.Trades.Get(early.Id).LastError;
        Assert.Contains("not free now; the offer stays open", reason, StringComparison.Ordinal);
        Assert.Contains("spendable once they confirm", reason, StringComparison.Ordinal);
        Assert.Equal(HeldPerOffer, maker.Wallet.GetHeld($"offer/{offers[1].Id}"));
        Assert.Contains(maker.Offers.ListMine(), o => o.Id == offers[1].Id);

        // One block later the change is spendable and the same offer is taken.
        Chain.Generate(1, Stranger());
        await Poll.UntilAsync(
            () => Find(maker, first.Id)?.State == TradeState.DepositConfirmed && Find(taker, first.Id)?.State == TradeState.DepositConfirmed,
            "the first deposit confirms",
            StepDeadline);
        await maker.Wallet.SyncAsync();
        await taker.Wallet.SyncAsync();
        var second = await taker.Trades.TakeOfferAsync(offers[1].Id, Amount, arbitrator.ToString(), "IBAN DE00 taker");
        await Poll.UntilAsync(
            () => Find(maker, second.Id)?.State == TradeState.DepositPublished && Find(taker, second.Id)?.State == TradeState.DepositPublished,
            "the second deposit is published",
            StepDeadline);

        await maker.Wallet.SyncAsync();
        Assert.Equal(HeldPerOffer, maker.Wallet.GetBalance().Held);
        Assert.Equal(HeldPerOffer, maker.Wallet.GetHeld($"offer/{offers[2].Id}"));
        Assert.Equal(offers[2].Id, Assert.Single(maker.Offers.ListMine()).Id);
    }

    private OfferDraft Draft() => new()
    {
        Direction = OfferDirection.Sell,
        AmountSats = Amount,
        MinAmountSats = Amount / 2,
        Price = 60_000m,
        Currency = "EUR",
        PaymentMethodId = "SEPA",
        Arbitrators = [Arbitrator.Node.Identity.Id.ToString()],
    };
}
