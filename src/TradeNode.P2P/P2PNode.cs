using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Peers;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Transport;

namespace TradeNode.P2P;

/// <summary>
/// The P2P node composed: identity, item store, gossip engine, transport (Kestrel server and dialler), peer manager,
/// mailbox, and a sweeper that drops expired items. <see cref="StartAsync"/> starts everything and publishes the
/// node's profile (its encryption key and listen address); <see cref="DisposeAsync"/> stops it.
/// </summary>
public sealed class P2PNode : IAsyncDisposable
{
    public const string SeedFileName = "node.seed";

    private readonly LiteDatabase _database;
    private readonly PeerServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sweeper;
    private readonly ILogger _logger;

    private P2PNode(P2PNodeOptions options, TimeProvider time, NodeIdentity identity, ItemStore store, LiteDatabase database, GossipEngine gossip,
        PeerTransport transport, PeerServer server, MailboxService mailbox, PeerManager peers, ILogger logger)
    {
        Options = options;
        Time = time;
        Identity = identity;
        Store = store;
        _database = database;
        Gossip = gossip;
        Transport = transport;
        _server = server;
        Mailbox = mailbox;
        Peers = peers;
        Builder = new ItemBuilder(options.Policy);
        _logger = logger;
        _sweeper = SweepAsync(_stop.Token);
    }

    public P2PNodeOptions Options { get; }

    public TimeProvider Time { get; }

    public NodeIdentity Identity { get; }

    public ItemStore Store { get; }

    public GossipEngine Gossip { get; }

    public PeerTransport Transport { get; }

    public MailboxService Mailbox { get; }

    public PeerManager Peers { get; }

    public ItemBuilder Builder { get; }

    /// <summary>"127.0.0.1:port" peers connect to.</summary>
    public string ListenAddress => _server.Address;

    public static async Task<P2PNode> StartAsync(P2PNodeOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        Directory.CreateDirectory(options.DataDirectory);
        var identity = NodeIdentity.FromSeed(options.IdentitySeed ?? LoadOrCreateSeed(Path.Combine(options.DataDirectory, SeedFileName)));
        var store = new ItemStore(Path.Combine(options.DataDirectory, "items.db"), options.Policy);
        var database = new LiteDatabase(new ConnectionString { Filename = Path.Combine(options.DataDirectory, "peers.db"), Connection = ConnectionType.Direct });
        var gossip = new GossipEngine(store, time, options.Gossip);
        var transport = new PeerTransport(identity, options.Transport, new BanList(time, database), time, loggers.CreateLogger<PeerTransport>());
        var handler = new P2PNodeLinkHandler(gossip);
        transport.Handler = handler;
        gossip.Misbehaviour += (_, report) => transport.ReportMisbehaviour(report.PeerKey, ToTransport(report.Kind), report.Detail);
        var server = await PeerServer.StartAsync(transport, options.ListenPort, options.BindAddress, cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> announced = options.AnnounceAddresses.Count > 0 ? options.AnnounceAddresses : [server.Address];
        options.Transport.ListenAddresses = announced;
        var mailbox = new MailboxService(identity, store, gossip, new ItemBuilder(options.Policy), database, time,
            key => transport.FindLink(key.ToHex()),
            (link, detail) => transport.ReportMisbehaviour(link.PeerKey, Misbehaviour.InvalidItem, detail),
            loggers.CreateLogger<MailboxService>());
        var peers = new PeerManager(transport, store, database, options.Peers, time, [server.Address, .. announced], loggers.CreateLogger<PeerManager>());
        var node = new P2PNode(options, time, identity, store, database, gossip, transport, server, mailbox, peers, loggers.CreateLogger<P2PNode>());
        var profile = await node.PublishProfileAsync(cancellationToken).ConfigureAwait(false);
        handler.ProfileId = profile.Id;
        mailbox.ScanStored();
        peers.Start();
        return node;
    }

    /// <summary>Validates, stores and announces <paramref name="item"/>.</summary>
    public ValueTask<ItemAcceptance> PublishAsync(SignedItem item, CancellationToken cancellationToken = default) => Gossip.PublishAsync(item, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(false);
        await Peers.DisposeAsync().ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        await _server.DisposeAsync().ConfigureAwait(false);
        Mailbox.Dispose();
        Gossip.Dispose();
        Store.Dispose();
        _database.Dispose();
        Identity.Dispose();
        _stop.Dispose();
    }

    private ValueTask<ItemAcceptance> PublishProfileAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();

        // The time as sequence: a restarted node's profile replaces the one it published before.
        var profile = Builder.BuildNodeProfile(Identity, Options.Transport.ListenAddresses, Options.Name, (ulong)now.ToUnixTimeMilliseconds(), now);
        return PublishAsync(profile, cancellationToken);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(Options.SweepInterval, Time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var removed = Store.SweepExpired(Time.GetUtcNow());
                if (removed.Count > 0)
                {
                    _logger.LogDebug("Swept {Count} expired items", removed.Count);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static Misbehaviour ToTransport(MisbehaviourKind kind) => kind switch
    {
        MisbehaviourKind.InvalidItem => Misbehaviour.InvalidItem,
        MisbehaviourKind.MalformedReconcile => Misbehaviour.MalformedFrame,
        MisbehaviourKind.UnsolicitedItem => Misbehaviour.UnexpectedFrame,
        _ => Misbehaviour.Flood,
    };

    private static byte[] LoadOrCreateSeed(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == NodeIdentity.MinSeedLength
                ? existing
                : throw new FormatException($"The node seed file {path} holds {existing.Length} bytes, not {NodeIdentity.MinSeedLength}.");
        }

        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(NodeIdentity.MinSeedLength);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(seed);
        }

        return seed;
    }
}
