using LiteDB;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Chat;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;
using TradeNode.P2P.Peers;

namespace TradeNode.Core.Tests.Trades.Chat;

/// <summary>A real P2P node on loopback with its LiteDB database, mail router and chat service; the test says which trades it knows.</summary>
internal sealed class ChatNode : IAsyncDisposable
{
    private readonly CancellationTokenSource _running = new();
    private readonly Task _loops;

    private ChatNode(P2PNode node, LiteDatabase database, ChatOptions options)
    {
        Node = node;
        Database = database;
        Mail = new MailRouter(node);
        Chat = new ChatService(node, Mail, database, [Participants], options: options);
        Chat.MessageRejected += (_, rejected) => Rejected.Enqueue(rejected);
        _loops = Task.WhenAll(Task.Run(() => Mail.RunAsync(_running.Token)), Task.Run(() => Chat.RunAsync(_running.Token)));
    }

    public P2PNode Node { get; }

    public NodeKey Key => Node.Identity.PublicKey;

    public LiteDatabase Database { get; }

    public MailRouter Mail { get; }

    public ChatService Chat { get; }

    public FixedParticipants Participants { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<RejectedChatMessage> Rejected { get; } = new();

    public static async Task<ChatNode> StartAsync(string directory, ChatOptions? options = null, params string[] seeds)
    {
        var node = await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = directory,
            Policy = ItemPolicy.Testing,
            Peers = new PeerManagerOptions { Seeds = seeds, Interval = TimeSpan.FromMilliseconds(200) },
            SweepInterval = TimeSpan.FromMilliseconds(200),
        });
        var database = new LiteDatabase(new ConnectionString { Filename = Path.Combine(directory, "core.db"), Connection = ConnectionType.Direct });
        return new ChatNode(node, database, options ?? new ChatOptions { RetryInterval = TimeSpan.FromMilliseconds(100) });
    }

    /// <summary>True once this node holds <paramref name="other"/>'s node profile (so it can seal mail to it).</summary>
    public bool Knows(ChatNode other) => Node.Store.Find(other.Key, ItemKind.NodeProfile, string.Empty) is not null;

    public async ValueTask DisposeAsync()
    {
        await _running.CancelAsync();
        await _loops;
        _running.Dispose();
        Chat.Dispose();
        await Node.DisposeAsync();
        Database.Dispose();
    }
}
