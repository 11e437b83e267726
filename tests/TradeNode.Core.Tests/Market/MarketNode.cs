using LiteDB;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Arbitrators;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Peers;

namespace TradeNode.Core.Tests.Market;

/// <summary>A real P2P node on loopback with a real LiteDB core database and the market services over them.</summary>
internal sealed class MarketNode : IAsyncDisposable
{
    private MarketNode(string directory, P2PNode node, LiteDatabase database, RecordingCoinReserver reserver, MarketOptions options)
    {
        Directory = directory;
        Node = node;
        Database = database;
        Reserver = reserver;
        Offers = new OfferService(node, database, reserver, options);
        Listings = new ListingService(node, database, options);
        Arbitrators = new ArbitratorService(node, database, options);
    }

    public string Directory { get; }

    public P2PNode Node { get; }

    public LiteDatabase Database { get; }

    public RecordingCoinReserver Reserver { get; }

    public OfferService Offers { get; }

    public ListingService Listings { get; }

    public ArbitratorService Arbitrators { get; }

    public static async Task<MarketNode> StartAsync(string directory, MarketOptions? options = null, RecordingCoinReserver? reserver = null, params string[] seeds)
    {
        var node = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = directory,
            Policy = ItemPolicy.Testing,
            Peers = new PeerManagerOptions { Seeds = seeds, Interval = TimeSpan.FromMilliseconds(200) },
            SweepInterval = TimeSpan.FromMilliseconds(200),
        });
        var database = new LiteDatabase(new ConnectionString { Filename = Path.Combine(directory, "core.db"), Connection = ConnectionType.Direct });
        return new MarketNode(directory, node, database, reserver ?? new RecordingCoinReserver(), options ?? new MarketOptions());
    }

    public async ValueTask DisposeAsync()
    {
        Offers.Dispose();
        Listings.Dispose();
        await Node.DisposeAsync();
        Database.Dispose();
    }
}
