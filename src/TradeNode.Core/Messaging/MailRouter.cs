using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Messaging;

/// <summary>
/// The mailbox's only reader: opens each delivered message's <see cref="Mail"/> envelope and hands the body to the
/// <see cref="IMailHandler"/> registered for its topic. Each topic has its own queue and loop, so a slow service
/// (a trade waiting on the chain) never holds up another (chat). A message with no envelope or an unknown topic is
/// logged and raised as <see cref="Unrouted"/>; it changes nothing.
/// </summary>
public sealed class MailRouter
{
    private const int QueueCapacity = 10_000;

    private readonly P2PNode _node;
    private readonly ILogger _logger;
    private readonly Dictionary<string, (IMailHandler Handler, Channel<ReceivedMessage> Queue)> _routes = new(StringComparer.Ordinal);
    private readonly AwaitingProfileQueue _awaitingProfile = new();
    private int _running;

    public MailRouter(P2PNode node, ILogger<MailRouter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        _node = node;
        _logger = logger ?? NullLogger<MailRouter>.Instance;
        _node.Store.ItemsStored += OnItemsStored;
    }

    /// <summary>Messages waiting for their recipient's node profile, oldest first.</summary>
    public int AwaitingProfileCount => _awaitingProfile.Count;

    /// <summary>Raised for a delivered message that no registered handler reads (no envelope, unknown topic).</summary>
    public event EventHandler<ReceivedMessage>? Unrouted;

    /// <summary>Adds <paramref name="handler"/> for its topic. Only before <see cref="RunAsync"/>; one handler per topic.</summary>
    public void Register(IMailHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentException.ThrowIfNullOrEmpty(handler.Topic);
        if (Volatile.Read(ref _running) != 0)
        {
            throw new InvalidOperationException("Handlers are registered before the router runs.");
        }

        if (!_routes.TryAdd(handler.Topic, (handler, Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, SingleWriter = true }))))
        {
            throw new InvalidOperationException($"A handler for topic '{handler.Topic}' is registered already.");
        }
    }

    /// <summary>Wraps <paramref name="body"/> in the envelope for <paramref name="topic"/>: the bytes the mailbox carries.</summary>
    public static byte[] Wrap(string topic, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return new Mail { Topic = topic, Body = ByteString.CopyFrom(body) }.ToByteArray();
    }

    /// <summary>Sends <paramref name="body"/> under <paramref name="topic"/> to <paramref name="recipient"/>; answers the mailbox message id.</summary>
    public ValueTask<byte[]> SendAsync(NodeKey recipient, string topic, ReadOnlySpan<byte> body, CancellationToken cancellationToken = default) =>
        _node.Mailbox.SendAsync(recipient, Wrap(topic, body), cancellationToken);

    /// <summary>
    /// Sends like <see cref="SendAsync"/> for a caller that has persisted the message already and sends it again
    /// later (a re-send loop, the next start): a failure is logged and answered false instead of thrown. A message to
    /// a node whose profile (its encryption key) has not reached this node yet also waits for that profile, unless
    /// <paramref name="waitForProfile"/> is false (the caller retries on its own): it is sent the moment the profile
    /// is stored, so a message written just after the counterparty switched identity is not stuck until a restart.
    /// </summary>
    public async Task<bool> TrySendAsync(NodeKey recipient, string topic, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default, bool waitForProfile = true)
    {
        try
        {
            await _node.Mailbox.SendAsync(recipient, Wrap(topic, body.Span), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (waitForProfile && !_node.Mailbox.KnowsProfileOf(recipient))
            {
                _awaitingProfile.Add(recipient, Wrap(topic, body.Span));
                _logger.LogInformation("A {Topic} message to {Recipient} waits for that node's profile; it is sent once the profile arrives", topic, recipient.Id);
                SendAwaiting(recipient); // the profile may have arrived since the send failed
                return false;
            }

            _logger.LogWarning("A {Topic} message to {Recipient} is not sent now (it is sent again later): {Reason}", topic, recipient.Id, e.Message);
            return false;
        }
    }

    /// <summary>
    /// Reads the mailbox until <paramref name="cancellationToken"/> ends, after offering the messages already stored
    /// for this node again (they may have arrived while it was stopped, or before a handler had persisted them).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("The router runs once.");
        }

        var loops = _routes.Values.Select(route => Task.Run(() => ServeAsync(route.Handler, route.Queue.Reader, cancellationToken), CancellationToken.None)).ToList();
        try
        {
            _node.Mailbox.ScanStored();
            await foreach (var received in _node.Mailbox.Received.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Route(received);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var route in _routes.Values)
            {
                route.Queue.Writer.TryComplete();
            }

            await Task.WhenAll(loops).ConfigureAwait(false);
        }
    }

    private void OnItemsStored(object? sender, IReadOnlyList<ItemId> ids)
    {
        if (_awaitingProfile.Count == 0)
        {
            return;
        }

        foreach (var id in ids)
        {
            if (_node.Store.KindOf(id) == ItemKind.NodeProfile && _node.Store.Get(id) is { } item
                && NodeKey.TryCreate(ItemContent.Parser.ParseFrom(item.Content).Author.Span, out var author))
            {
                SendAwaiting(author);
            }
        }
    }

    /// <summary>Sends what waits for <paramref name="recipient"/>'s profile, in order, once that profile is known.</summary>
    private void SendAwaiting(NodeKey recipient)
    {
        if (!_node.Mailbox.KnowsProfileOf(recipient))
        {
            return;
        }

        var messages = _awaitingProfile.TakeAll(recipient);
        if (messages.Count == 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            foreach (var payload in messages)
            {
                try
                {
                    await _node.Mailbox.SendAsync(recipient, payload).ConfigureAwait(false);
                    _logger.LogInformation("A message that waited for the profile of {Recipient} is sent", recipient.Id);
                }
                catch (Exception e)
                {
                    _logger.LogWarning("A message that waited for the profile of {Recipient} is not sent now (it is sent again later): {Reason}", recipient.Id, e.Message);
                }
            }
        });
    }

    private void Route(ReceivedMessage received)
    {
        Mail? mail = null;
        try
        {
            mail = Mail.Parser.ParseFrom(received.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
        }

        if (mail is not null && mail.Topic.Length > 0 && _routes.TryGetValue(mail.Topic, out var route))
        {
            if (!route.Queue.Writer.TryWrite(received with { Payload = mail.Body.ToByteArray() }))
            {
                _logger.LogWarning("Mailbox message {MessageId} for {Topic} dropped: the queue is full", received.MessageIdHex, mail.Topic);
            }

            return;
        }

        _logger.LogDebug("Mailbox message {MessageId} from {Sender} has no known topic", received.MessageIdHex, received.Sender.Id);
        Unrouted?.Invoke(this, received);
    }

    private async Task ServeAsync(IMailHandler handler, ChannelReader<ReceivedMessage> queue, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await handler.HandleMailAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogError(e, "Handling mailbox message {MessageId} ({Topic}) failed", message.MessageIdHex, handler.Topic);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
