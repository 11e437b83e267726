using LiteDB;
using TradeNode.Bitcoin;
using TradeNode.Chain;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Ratings;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Peers;

namespace TradeNode.Core.Tests.Trades.Currency;

/// <summary>
/// One trader (or arbitrator) node: a real P2P node on loopback, its LiteDB database, a real wallet on the shared
/// embedded chain, the market services, the trade service and the order service. Stopping and starting it again on the same folder
/// is a node restart.
/// </summary>
internal sealed class TradeParty : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private static readonly TradeOptions TradeOptions = new() { PollInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly OrderOptions OrderOptions = new() { PollInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly DisputeOptions DisputeOptions = new() { PollInterval = TimeSpan.FromMilliseconds(100) };
    private static readonly WalletOptions WalletOptions = new() { Kdf = WalletKdfParameters.InsecureForTests };

    private CancellationTokenSource? _running;
    private Task? _loop;

    private TradeParty(string directory, IChainClient chain, P2PNode node, LiteDatabase database, WalletService wallet, OrderOptions orderOptions)
    {
        Directory = directory;
        Chain = chain;
        Node = node;
        Database = database;
        Wallet = wallet;
        Offers = new OfferService(node, database, wallet);
        Arbitrators = new ArbitratorService(node, database);
        Mail = new MailRouter(node);
        Trades = new TradeService(node, Mail, wallet, Offers, Arbitrators, chain, database, options: TradeOptions);
        Listings = new ListingService(node, database);
        Orders = new OrderService(node, Mail, wallet, Listings, Arbitrators, chain, database, options: orderOptions, prices: Offers);
        Ratings = new RatingService(node, database, chain, [new OrderRatingSource(Orders)]);
        Chat = new ChatService(node, Mail, database, [new TradeChatParticipants(Trades), new OrderChatParticipants(Orders)]);
        Disputes = new DisputeService(node, Mail, wallet, Trades, chain, database, options: DisputeOptions, chat: Chat, otherTrades: [Orders]);
    }

    public string Directory { get; }

    public IChainClient Chain { get; }

    public P2PNode Node { get; }

    public LiteDatabase Database { get; }

    public WalletService Wallet { get; }

    public OfferService Offers { get; }

    public ArbitratorService Arbitrators { get; }

    public MailRouter Mail { get; }

    public TradeService Trades { get; }

    public RatingService Ratings { get; }

    public ListingService Listings { get; }

    public OrderService Orders { get; }

    public DisputeService Disputes { get; }

    public ChatService Chat { get; }

    /// <summary>Starts the node on <paramref name="directory"/>: creates the wallet the first time, unlocks it after a restart.</summary>
    public static Task<TradeParty> StartAsync(string directory, IChainClient chain, params string[] seeds) => StartAsync(directory, chain, OrderOptions, seeds);

    /// <summary>As <see cref="StartAsync(string, IChainClient, string[])"/>, with the order service's settings <paramref name="orderOptions"/>.</summary>
    public static async Task<TradeParty> StartAsync(string directory, IChainClient chain, OrderOptions orderOptions, params string[] seeds)
    {
        var node = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = directory,
            Policy = ItemPolicy.Testing,
            Peers = new PeerManagerOptions { Seeds = seeds, Interval = TimeSpan.FromMilliseconds(200) },
            SweepInterval = TimeSpan.FromMilliseconds(200),
        });
        var database = new LiteDatabase(new ConnectionString { Filename = Path.Combine(directory, "core.db"), Connection = ConnectionType.Direct });
        var wallet = new WalletService(database, Network.RegTest, chain, WalletOptions);
        if (wallet.Exists)
        {
            wallet.Unlock(Password);
        }
        else
        {
            await wallet.CreateAsync(Password);
        }

        return new TradeParty(directory, chain, node, database, wallet, orderOptions);
    }

    /// <summary>Runs the trade, order, dispute and chat loops (mailbox and chain) in the background until <see cref="DisposeAsync"/>.</summary>
    public void StartTrading()
    {
        _running = new CancellationTokenSource();
        _loop = Task.WhenAll(Task.Run(() => Trades.RunAsync(_running.Token)), Task.Run(() => Orders.RunAsync(_running.Token)), Task.Run(() => Disputes.RunAsync(_running.Token)),
            Task.Run(() => Chat.RunAsync(_running.Token)), Task.Run(() => Mail.RunAsync(_running.Token)));
    }

    /// <summary>Confirmed + unconfirmed + immature, after a sync: what the wallet owns, whatever the coinbase maturity.</summary>
    public async Task<long> TotalAsync()
    {
        await Wallet.SyncAsync();
        var balance = Wallet.GetBalance();
        return balance.Confirmed + balance.Unconfirmed + balance.Immature;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync();
            await _loop!;
            _running.Dispose();
        }

        Disputes.Dispose();
        Chat.Dispose();
        Trades.Dispose();
        Orders.Dispose();
        Listings.Dispose();
        Offers.Dispose();
        Wallet.Dispose();
        await Node.DisposeAsync();
        Database.Dispose();
    }
}
