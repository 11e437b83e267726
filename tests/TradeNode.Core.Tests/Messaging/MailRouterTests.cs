using System.Collections.Concurrent;
using System.Text;
using TradeNode.Core.Messaging;
using TradeNode.Core.Tests.Market;
using TradeNode.P2P;
using TradeNode.P2P.Items;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Peers;

namespace TradeNode.Core.Tests.Messaging;

/// <summary>
/// Two real P2P nodes on loopback that do not know each other yet: a message written to a node whose profile has not
/// arrived waits for that profile and is delivered once the nodes meet, once; a caller that retries on its own can
/// decline the wait.
/// </summary>
public sealed class MailRouterTests : IAsyncLifetime
{
    private const string Topic = "test";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mailrouter-{Guid.NewGuid():N}");
    private readonly CancellationTokenSource _running = new();
    private readonly List<Task> _loops = [];
    private P2PNode _sender = null!;
    private P2PNode _recipient = null!;
    private MailRouter _senderMail = null!;
    private readonly RecordingHandler _received = new();

    public async Task InitializeAsync()
    {
        _sender = await StartNodeAsync("sender");
        _recipient = await StartNodeAsync("recipient");
        _senderMail = new MailRouter(_sender);
        _senderMail.Register(new RecordingHandler());
        var recipientMail = new MailRouter(_recipient);
        recipientMail.Register(_received);
        _loops.Add(Task.Run(() => _senderMail.RunAsync(_running.Token)));
        _loops.Add(Task.Run(() => recipientMail.RunAsync(_running.Token)));
    }

    public async Task DisposeAsync()
    {
        await _running.CancelAsync();
        await Task.WhenAll(_loops);
        await _sender.DisposeAsync();
        await _recipient.DisposeAsync();
        _running.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up with the temp folder.
        }
    }

    [Fact]
    public async Task A_message_to_a_node_whose_profile_has_not_arrived_is_delivered_once_the_profile_doesAsync()
    {
        var recipient = _recipient.Identity.PublicKey;
        Assert.False(_sender.Mailbox.KnowsProfileOf(recipient));

        Assert.False(await _senderMail.TrySendAsync(recipient, Topic, Encoding.UTF8.GetBytes("first")));
        Assert.False(await _senderMail.TrySendAsync(recipient, Topic, Encoding.UTF8.GetBytes("second")));
        Assert.False(await _senderMail.TrySendAsync(recipient, Topic, Encoding.UTF8.GetBytes("retried by its caller"), waitForProfile: false));
        Assert.Equal(2, _senderMail.AwaitingProfileCount);

        await _sender.Peers.AddAsync(_recipient.ListenAddress);
        await Poll.UntilAsync(() => _received.Texts.Count == 2, "both waiting messages arrive", Deadline);

        Assert.Equal(["first", "second"], _received.Texts.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(0, _senderMail.AwaitingProfileCount);
        Assert.All(_received.Senders, sender => Assert.Equal(_sender.Identity.PublicKey, sender));
    }

    private async Task<P2PNode> StartNodeAsync(string name) =>
        await P2PNode.StartAsync(new P2PNodeOptions
        {
            DataDirectory = Path.Combine(_root, name),
            Policy = ItemPolicy.Testing,
            Peers = new PeerManagerOptions { Interval = TimeSpan.FromMilliseconds(200) },
            SweepInterval = TimeSpan.FromMilliseconds(200),
        });

    private sealed class RecordingHandler : IMailHandler
    {
        public string Topic => MailRouterTests.Topic;

        public ConcurrentQueue<string> Texts { get; } = new();

        public ConcurrentQueue<P2P.Identity.NodeKey> Senders { get; } = new();

        public Task HandleMailAsync(ReceivedMessage message, CancellationToken cancellationToken)
        {
            Senders.Enqueue(message.Sender);
            Texts.Enqueue(Encoding.UTF8.GetString(message.Payload));
            return Task.CompletedTask;
        }
    }
}
