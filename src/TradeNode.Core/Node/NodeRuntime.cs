using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Bitcoin;
using TradeNode.Chain;
using TradeNode.Chain.Bitcoind;
using TradeNode.Chain.Regtest;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Ratings;
using TradeNode.Core.Trades.Currency;
using TradeNode.Core.Trades.Goods;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Wallet;
using TradeNode.P2P;
using TradeNode.P2P.Peers;

namespace TradeNode.Core.Node;

/// <summary>
/// One running node composed: the data directory, the P2P node, the chain client (embedded regtest chain or
/// bitcoind JSON-RPC), one LiteDB file (DATADIR/core.db) for the Core services, and their background loops.
/// <see cref="StartAsync"/> opens everything in order; <see cref="DisposeAsync"/> stops the loops and closes
/// everything in reverse order. LiteDB runs in direct mode and commits each write, so a killed process loses nothing
/// that was committed. The node's identity comes from the wallet seed: until a wallet exists the P2P node runs under a
/// provisional one, and creating or restoring the wallet switches it live (<see cref="IdentitySource"/>).
/// </summary>
public sealed class NodeRuntime : IAsyncDisposable
{
    /// <summary>The Core services' database in the data directory.</summary>
    public const string CoreDatabaseFileName = "core.db";

    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly RegtestChain? _embeddedChain;
    private readonly IDisposable? _chainClientLifetime;
    private readonly ILogger _logger;
    private int _disposed;

    private NodeRuntime(NodeRuntimeOptions options, TimeProvider time, P2PNode p2p, IChainClient chain, RegtestChain? embeddedChain,
        IDisposable? chainClientLifetime, LiteDatabase database, ILoggerFactory loggers)
    {
        Options = options;
        Time = time;
        P2P = p2p;
        Chain = chain;
        _embeddedChain = embeddedChain;
        _chainClientLifetime = chainClientLifetime;
        Database = database;
        _logger = loggers.CreateLogger<NodeRuntime>();
        Wallet = new WalletService(database, options.Network, chain, new WalletOptions { Kdf = options.WalletKdf }, time, loggers.CreateLogger<WalletService>(),
            new WalletIdentityBinding(this));
        var market = new MarketOptions { Network = options.Network, OfferTtl = options.OfferTtl ?? new MarketOptions().OfferTtl };
        Offers = new OfferService(p2p, database, Wallet, market, time, loggers.CreateLogger<OfferService>());
        Listings = new ListingService(p2p, database, market, time, loggers.CreateLogger<ListingService>());
        Arbitrators = new ArbitratorService(p2p, database, market, time, loggers.CreateLogger<ArbitratorService>());
        Mail = new MailRouter(p2p, loggers.CreateLogger<MailRouter>());
        Trades = new TradeService(p2p, Mail, Wallet, Offers, Arbitrators, chain, database, time, new TradeOptions { Network = options.Network },
            loggers.CreateLogger<TradeService>());
        Orders = new OrderService(p2p, Mail, Wallet, Listings, Arbitrators, chain, database, time, new OrderOptions { Network = options.Network, VendorResponsePeriod = options.VendorResponsePeriod ?? new OrderOptions().VendorResponsePeriod },
            loggers.CreateLogger<OrderService>(), Offers);
        Ratings = new RatingService(p2p, database, chain, [new OrderRatingSource(Orders)], new RatingOptions { Network = options.Network }, time,
            loggers.CreateLogger<RatingService>());
        Chat = new ChatService(p2p, Mail, database, [new TradeChatParticipants(Trades), new OrderChatParticipants(Orders)], time, logger: loggers.CreateLogger<ChatService>());
        Disputes = new DisputeService(p2p, Mail, Wallet, Trades, chain, database, time, new DisputeOptions { Network = options.Network },
            loggers.CreateLogger<DisputeService>(), Chat, [Orders]);
        StartedAt = time.GetUtcNow();
    }

    public NodeRuntimeOptions Options { get; }

    public Network Network => Options.Network;

    public TimeProvider Time { get; }

    /// <summary>When the runtime finished opening.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// The P2P node. Its <see cref="P2PNode.Identity"/> changes once when a wallet is created or restored: the node moves
    /// from its provisional random identity to the one the wallet seed derives (<see cref="IdentitySource"/>).
    /// </summary>
    public P2PNode P2P { get; }

    /// <summary>Where the node's current identity comes from: provisional (no wallet yet), the wallet, legacy, or awaiting unlock.</summary>
    public NodeIdentitySource IdentitySource
    {
        get
        {
            if (!Wallet.Exists)
            {
                return NodeIdentitySource.Provisional;
            }

            return Wallet.NodeKey is not { } key ? NodeIdentitySource.Legacy
                : key == P2P.Identity.PublicKey ? NodeIdentitySource.Wallet
                : NodeIdentitySource.AwaitingUnlock;
        }
    }

    public IChainClient Chain { get; }

    /// <summary>"embedded" or "rpc", as GetInfo reports it.</summary>
    public string ChainBackendName => Options.ChainBackend == ChainBackendKind.Embedded ? "embedded" : "rpc";

    /// <summary>True when the chain backend can mine blocks on request (regtest: the embedded chain or a regtest RPC node).</summary>
    public bool CanMine => Options.Network == Network.RegTest;

    /// <summary>The Core services' database (DATADIR/core.db).</summary>
    public LiteDatabase Database { get; }

    /// <summary>The HD wallet; it also reserves the coins of open offers.</summary>
    public WalletService Wallet { get; }

    /// <summary>Offers: this node's own (published and refreshed) and the offer book.</summary>
    public OfferService Offers { get; }

    /// <summary>Listings: this node's own and the searchable listing book.</summary>
    public ListingService Listings { get; }

    /// <summary>Arbitrator profiles, this node's own included.</summary>
    public ArbitratorService Arbitrators { get; }

    /// <summary>The mailbox's reader: hands each delivered message to the service of its topic.</summary>
    public MailRouter Mail { get; }

    /// <summary>Currency trades (offers taken), this node's side of each.</summary>
    public TradeService Trades { get; }

    /// <summary>Goods orders (listings bought or sold), this node's side of each.</summary>
    public OrderService Orders { get; }
    /// <summary>Disputes of trades, as a trader and as an arbitrator.</summary>
    public DisputeService Disputes { get; }

    /// <summary>Per-trade chat; other trade kinds add their participants with <see cref="ChatService.AddParticipantSource"/>.</summary>
    public ChatService Chat { get; }

    /// <summary>Ratings: this node's buyer ratings and everyone's, verified against the chain; other trade kinds add theirs with <see cref="RatingService.AddSource"/>.</summary>
    public RatingService Ratings { get; }

    /// <summary>Cancelled when the runtime starts stopping: long-running calls (Watch streams) end on it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Opens the node described by <paramref name="options"/>; throws <see cref="InvalidInputException"/> for settings that cannot work.</summary>
    public static async Task<NodeRuntime> StartAsync(NodeRuntimeOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        Validate(options);
        Directory.CreateDirectory(options.DataDirectory);

        // The embedded chain loads its blocks while the P2P node starts: the two are independent, and together they
        // are most of the time to API-ready.
        var chainOpening = options.ChainBackend == ChainBackendKind.Embedded
            ? Task.Run(() => RegtestChain.Open(Path.Combine(options.DataDirectory, "chain"), time), CancellationToken.None)
            : Task.FromResult<RegtestChain>(null!);
        RegtestChain? embedded = null;
        IDisposable? chainLifetime = null;
        P2PNode? p2p = null;
        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(new ConnectionString
            {
                Filename = Path.Combine(options.DataDirectory, CoreDatabaseFileName),
                Connection = ConnectionType.Direct,
            });
            p2p = await P2PNode.StartAsync(new P2PNodeOptions
            {
                DataDirectory = options.DataDirectory,
                ListenPort = options.P2PPort,
                BindAddress = options.P2PBind,
                AnnounceAddresses = options.P2PAnnounce,
                Name = options.Name,
                Policy = options.ItemPolicy,
                Peers = new PeerManagerOptions { Seeds = options.SeedPeers, OutboundTarget = options.MaxOutboundPeers },
            }, time, loggers, cancellationToken).ConfigureAwait(false);

            IChainClient chain;
            if (options.ChainBackend == ChainBackendKind.Embedded)
            {
                embedded = await chainOpening.ConfigureAwait(false);
                chain = new EmbeddedChainClient(embedded);
            }
            else
            {
                var rpc = new BitcoindRpcClient(new BitcoindRpcClientOptions
                {
                    Endpoint = options.RpcUrl!,
                    Network = options.Network,
                    User = options.RpcUser,
                    Password = options.RpcPassword,
                    CookieFilePath = options.RpcCookieFile,
                });
                chainLifetime = rpc;
                chain = rpc;
            }

            var runtime = new NodeRuntime(options, time, p2p, chain, embedded, chainLifetime, database, loggers);
            if (runtime.IdentitySource == NodeIdentitySource.AwaitingUnlock)
            {
                runtime._logger.LogWarning("node.seed does not hold the identity the wallet derives; the node runs under {NodeId} until the wallet is unlocked",
                    p2p.Identity.Id);
            }

            runtime.StartLoops();
            return runtime;
        }
        catch
        {
            if (p2p is not null)
            {
                await p2p.DisposeAsync().ConfigureAwait(false);
            }

            database?.Dispose();
            chainLifetime?.Dispose();
            if (embedded is null && options.ChainBackend == ChainBackendKind.Embedded)
            {
                try
                {
                    embedded = await chainOpening.ConfigureAwait(false);
                }
#pragma warning disable CA1031 // Startup failed already; the chain's own failure, if any, adds nothing.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            embedded?.Dispose();
            throw;
        }
    }

    /// <summary>Stops the background loops, then closes the services, the P2P node, the database and the chain.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var loop in _loops)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
#pragma warning disable CA1031 // Shutdown goes on whatever a loop died of; the loop's failure is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _logger.LogError(ex, "A background loop failed while the node stopped");
            }
        }

        Disputes.Dispose();
        Chat.Dispose();
        Trades.Dispose();
        Orders.Dispose();
        Offers.Dispose();
        Listings.Dispose();
        Wallet.Dispose();
        await P2P.DisposeAsync().ConfigureAwait(false);
        Database.Checkpoint();
        Database.Dispose();
        _chainClientLifetime?.Dispose();
        _embeddedChain?.Dispose();
        _stopping.Dispose();
    }

    private static void Validate(NodeRuntimeOptions options)
    {
        if (options.ChainBackend == ChainBackendKind.Embedded && options.Network != Network.RegTest)
        {
            throw new InvalidInputException("chain",
                $"The embedded chain is a regtest chain; on {options.Network.Name} use the rpc chain backend with a bitcoind URL.");
        }

        if (options.ChainBackend == ChainBackendKind.Rpc)
        {
            if (options.RpcUrl is null)
            {
                throw new InvalidInputException("rpc_url", "The rpc chain backend needs the bitcoind JSON-RPC URL (--rpc-url).");
            }

            if (string.IsNullOrEmpty(options.RpcUser) != string.IsNullOrEmpty(options.RpcPassword))
            {
                throw new InvalidInputException("rpc_user", "Give both the RPC user and the RPC password, or neither (cookie authentication).");
            }

            if (string.IsNullOrEmpty(options.RpcUser) && string.IsNullOrEmpty(options.RpcCookieFile))
            {
                throw new InvalidInputException("rpc_cookie", "The rpc chain backend needs a cookie file (--rpc-cookie) or a user and password.");
            }
        }
    }

    /// <summary>One loop per concern: wallet sync, the refresh of own offers, listings and arbitrator profile, trades, orders, disputes, chat retries, and own ratings' refresh with rating verification.</summary>
    private void StartLoops()
    {
        var token = _stopping.Token;
        _loops.Add(Task.Run(() => Wallet.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Offers.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Listings.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Arbitrators.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Trades.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Orders.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Disputes.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Chat.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Ratings.RunAsync(token), CancellationToken.None));
        _loops.Add(Task.Run(() => Mail.RunAsync(token), CancellationToken.None));
    }
}
