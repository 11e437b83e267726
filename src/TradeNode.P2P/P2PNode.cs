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
/// node's profile (its encryption key and listen address); <see cref="SwitchIdentityAsync"/> moves the running node
/// to another identity (the one its wallet derives); <see cref="DisposeAsync"/> stops it.
/// </summary>
public sealed class P2PNode : IAsyncDisposable
{
    public const string SeedFileName = "node.seed";

    private readonly LiteDatabase _database;
    private readonly PeerServer _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sweeper;
    private readonly ILogger _logger;
    private readonly P2PNodeLinkHandler _handler;
    private readonly SemaphoreSlim _switching = new(1, 1);
    private readonly List<NodeIdentity> _retired = [];
    private volatile NodeIdentity _identity;
    private ulong _profileSequence;

    private P2PNode(P2PNodeOptions options, TimeProvider time, NodeIdentity identity, ItemStore store, LiteDatabase database, GossipEngine gossip,
        PeerTransport transport, PeerServer server, MailboxService mailbox, PeerManager peers, P2PNodeLinkHandler handler, ILogger logger)
    {
        Options = options;
        Time = time;
        _identity = identity;
        _handler = handler;
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

    /// <summary>
    /// The identity the node signs items, handshakes and mail with now. It changes only through
    /// <see cref="SwitchIdentityAsync"/>, so read it at the moment of use rather than keeping it.
    /// </summary>
    public NodeIdentity Identity => _identity;

    /// <summary>DATADIR/node.seed: the seed of the identity the node starts with.</summary>
    public string SeedFilePath => Path.Combine(Options.DataDirectory, SeedFileName);

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
        var node = new P2PNode(options, time, identity, store, database, gossip, transport, server, mailbox, peers, handler, loggers.CreateLogger<P2PNode>());
        await node.PublishProfileAsync(cancellationToken).ConfigureAwait(false);
        mailbox.ScanStored();
        peers.Start();
        return node;
    }

    /// <summary>Validates, stores and announces <paramref name="item"/>.</summary>
    public ValueTask<ItemAcceptance> PublishAsync(SignedItem item, CancellationToken cancellationToken = default) => Gossip.PublishAsync(item, cancellationToken);

    /// <summary>
    /// Takes the identity of <paramref name="seed"/> (at least <see cref="NodeIdentity.MinSeedLength"/> bytes): writes
    /// it to DATADIR/node.seed (owner-only, replacing the file atomically) so every later start uses it, then, unless it
    /// is the current identity already, switches the running node to it without a restart. The transport proves the
    /// new key in later handshakes and closes the open links, so peers reconnect and meet the new key; the mailbox opens
    /// mail sealed to the new encryption key; the previous identity's profile is removed by a tombstone and the new
    /// profile published and announced. Items the previous identity signed stay its own: the caller decides whether
    /// any matter (a node without a wallet has published nothing but its profile). Returns true when the identity
    /// changed. A failure to write the file throws before anything changed.
    /// </summary>
    public async Task<bool> SwitchIdentityAsync(ReadOnlyMemory<byte> seed, CancellationToken cancellationToken = default)
    {
        var next = NodeIdentity.FromSeed(seed.Span);
        await _switching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteSeedFile(SeedFilePath, seed.Span);
            var previous = _identity;
            if (next.PublicKey == previous.PublicKey)
            {
                next.Dispose();
                return false;
            }

            _identity = next;
            Transport.SwitchIdentity(next);
            Mailbox.SwitchIdentity(next);

            // The previous profile goes, so peers stop mapping this node's address to the previous key.
            var tombstone = Builder.BuildTombstone(previous, ItemKind.NodeProfile, string.Empty, Interlocked.Read(ref _profileSequence), Time.GetUtcNow());
            await PublishAsync(tombstone, cancellationToken).ConfigureAwait(false);
            await PublishProfileAsync(cancellationToken).ConfigureAwait(false);

            // Kept, not disposed: a signer that read Identity a moment ago may still be using it.
            lock (_retired)
            {
                _retired.Add(previous);
            }

            _logger.LogInformation("The node's identity changed from {Previous} to {Current}", previous.Id, next.Id);
            return true;
        }
        finally
        {
            _switching.Release();
        }
    }

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
        _identity.Dispose();
        lock (_retired)
        {
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }
        }

        _switching.Dispose();
        _stop.Dispose();
    }

    private async Task PublishProfileAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();

        // The time as sequence: a restarted node's profile replaces the one it published before.
        var sequence = (ulong)now.ToUnixTimeMilliseconds();
        var profile = Builder.BuildNodeProfile(_identity, Options.Transport.ListenAddresses, Options.Name, sequence, now);
        var accepted = await PublishAsync(profile, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _profileSequence, sequence);
        _handler.ProfileId = accepted.Id;
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

        // A provisional identity: a node that has no wallet yet runs with a random one until the wallet is created or
        // restored and the runtime switches to the identity the wallet derives (SwitchIdentityAsync).
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(NodeIdentity.MinSeedLength);
        WriteOwnerOnly(path, seed, FileMode.CreateNew);
        return seed;
    }

    /// <summary>Replaces <paramref name="path"/> atomically: an owner-only temporary file, flushed, then renamed over it.</summary>
    private static void WriteSeedFile(string path, ReadOnlySpan<byte> seed)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        WriteOwnerOnly(temporary, seed, FileMode.CreateNew);
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteOwnerOnly(string path, ReadOnlySpan<byte> bytes, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var file = new FileStream(path, options);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }
}
