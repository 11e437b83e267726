using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Chain;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Tests.Market;
using TradeNode.Core.Trades.Currency;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>
/// The market shared by the trade and dispute tests: real nodes on loopback (an arbitrator that publishes its profile,
/// a maker, a taker) with real wallets on one in-memory regtest chain; helpers to bring a trade to a confirmed deposit.
/// </summary>
public abstract class TradeTestBase : IAsyncLifetime
{
    protected const long OfferAmount = 1_000_000;
    protected const long TradeAmount = 800_000;
    protected static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(30);

    protected string Root { get; } = Path.Combine(Path.GetTempPath(), $"trades-{Guid.NewGuid():N}");
    protected RegtestChain Chain { get; } = RegtestChain.CreateInMemory();
    private protected List<TradeParty> Parties { get; } = [];
    protected IChainClient Client { get; private set; } = null!;
    private protected TradeParty Arbitrator { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Client = new EmbeddedChainClient(Chain);
        Arbitrator = await StartPartyAsync("arbitrator");
        await Arbitrator.Arbitrators.RegisterAsync(new ArbitratorDraft
        {
            Name = "Arbiter",
            FeeBps = 50,
            Languages = ["en"],
            EscrowXpub = Arbitrator.Wallet.EscrowAccountKey.ToString(Network.RegTest),
        });
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var party in Parties)
        {
            await party.DisposeAsync();
        }

        Chain.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temp folder.
        }
    }

    private protected static CurrencyTrade? Find(TradeParty party, string tradeId) => party.Trades.List().FirstOrDefault(t => t.Id == tradeId);

    private protected static bool KnowsProfile(TradeParty who, TradeParty whom) =>
        who.Node.Store.Find(whom.Node.Identity.PublicKey, ItemKind.NodeProfile, string.Empty) is not null;

    private protected static Script Stranger() => new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit);

    private protected async Task<TradeParty> StartPartyAsync(string name, params string[] seeds)
    {
        var party = await TradeParty.StartAsync(Path.Combine(Root, name), Client, seeds);
        Parties.Add(party);
        return party;
    }

    private protected async Task<(TradeParty Maker, TradeParty Taker)> StartTradersAsync(bool startTakerLoop = true, bool startMakerLoop = true)
    {
        var maker = await StartPartyAsync("maker", Arbitrator.Node.ListenAddress);
        var taker = await StartPartyAsync("taker", Arbitrator.Node.ListenAddress, maker.Node.ListenAddress);
        await maker.Wallet.FundAsync();
        await taker.Wallet.FundAsync();
        await maker.Wallet.SyncAsync();
        if (startMakerLoop)
        {
            maker.StartTrading();
        }

        if (startTakerLoop)
        {
            taker.StartTrading();
        }

        var arbitrator = Arbitrator.Node.Identity.Id;
        await Poll.UntilAsync(
            () => maker.Arbitrators.IsKnown(arbitrator) && taker.Arbitrators.IsKnown(arbitrator) && KnowsProfile(maker, taker) && KnowsProfile(taker, maker),
            "the traders know the arbitrator and each other",
            StepDeadline);
        return (maker, taker);
    }

    private protected async Task<Offer> MakeOfferAsync(TradeParty maker, TradeParty taker, OfferDirection direction)
    {
        var offer = await maker.Offers.CreateAsync(new OfferDraft
        {
            Direction = direction,
            AmountSats = OfferAmount,
            MinAmountSats = OfferAmount / 2,
            Price = 60_000m,
            Currency = "EUR",
            PaymentMethodId = "SEPA",
            Arbitrators = [Arbitrator.Node.Identity.Id.ToString()],
        });
        maker.Trades.SetOfferPaymentAccount(offer.Id, "IBAN DE99 maker");
        await Poll.UntilAsync(() => taker.Offers.Book.Get(offer.Id) is not null, "the taker's book has the offer", StepDeadline);
        return offer;
    }

    private protected async Task ConfirmDepositAsync(string tradeId, TradeParty maker, TradeParty taker)
    {
        await Poll.UntilAsync(() => Find(maker, tradeId)?.State == TradeState.DepositPublished && Find(taker, tradeId)?.State == TradeState.DepositPublished, "the deposit is published", StepDeadline);
        Assert.Contains(UInt256.Parse(maker.Trades.Get(tradeId).DepositTxid), Chain.GetMempoolTxids());
        Chain.Generate(1, Stranger());
        await Poll.UntilAsync(() => Find(maker, tradeId)?.State == TradeState.DepositConfirmed && Find(taker, tradeId)?.State == TradeState.DepositConfirmed, "both see the deposit confirmed", StepDeadline);
    }
}
