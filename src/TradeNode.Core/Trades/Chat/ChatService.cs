using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Messaging;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Trades.Chat;

/// <summary>
/// Per-trade chat between the parties of a trade (and its arbitrator once a dispute is open), over the mailbox under
/// topic <see cref="MailTopic"/>: end-to-end encrypted, and stored by the network while a recipient is offline.
/// <para>Who takes part in a trade's chat is answered by the <see cref="IChatParticipantSource"/>s (currency trades,
/// goods orders, disputes); a message is sent to every other participant and accepted only from one of them. A
/// message from anyone else, with a bad id, a blank, over-long or control-character text is rejected, logged, raised
/// as <see cref="MessageRejected"/>, and stores nothing. A message for a trade no source knows yet is held for
/// <see cref="ChatOptions.HoldUnknownTradeFor"/> (it may have overtaken the trade message that makes the trade known)
/// and rejected after that. Each message id is stored once (LiteDB collection <c>chat</c>).</para>
/// </summary>
public sealed class ChatService : IMailHandler, IDisposable
{
    /// <summary>The mail topic of <see cref="ChatMessageBody"/>s.</summary>
    public const string MailTopic = "chat";

    /// <summary>The longest text of one message, in characters (UTF-16 code units).</summary>
    public const int MaxTextLength = 2000;

    /// <summary>The longest trade id a message may name.</summary>
    public const int MaxTradeIdLength = 64;

    private const string Collection = "chat";

    private readonly P2PNode _node;
    private readonly MailRouter _router;
    private readonly ILiteCollection<BsonDocument> _messages;
    private readonly List<IChatParticipantSource> _sources;
    private readonly TimeProvider _time;
    private readonly ChatOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly LinkedList<(ReceivedMessage Message, DateTimeOffset HeldAt)> _held = new();

    /// <summary>Creates the service and registers it with <paramref name="router"/> for <see cref="MailTopic"/>.</summary>
    public ChatService(P2PNode node, MailRouter router, LiteDatabase database, IEnumerable<IChatParticipantSource>? sources = null,
        TimeProvider? time = null, ChatOptions? options = null, ILogger<ChatService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(database);
        _node = node;
        _router = router;
        _messages = database.GetCollection(Collection);
        _messages.EnsureIndex("trade");
        _sources = [.. sources ?? []];
        _time = time ?? node.Time;
        _options = options ?? new ChatOptions();
        _logger = logger ?? NullLogger<ChatService>.Instance;
        router.Register(this);
    }

    /// <summary>Raised after a message (sent from here or received) is stored.</summary>
    public event EventHandler<ChatMessage>? MessageStored;

    /// <summary>Raised when a received chat message is not stored (not a participant, bad content, unknown trade).</summary>
    public event EventHandler<RejectedChatMessage>? MessageRejected;

    /// <inheritdoc/>
    public string Topic => MailTopic;

    /// <summary>How many received messages wait for their trade to become known.</summary>
    internal int HeldCount
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>
    /// Adds a source of participants: for services built after this one (a dispute service that also reads the
    /// transcript). Safe while the service runs.
    /// </summary>
    public void AddParticipantSource(IChatParticipantSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_sources)
        {
            _sources.Add(source);
        }
    }

    /// <summary>
    /// Who takes part in trade <paramref name="tradeId"/>'s chat: this node's role from the first source that knows
    /// the trade, and the other participants of every source that knows it (each node once); null when none does.
    /// </summary>
    public ChatParticipants? FindParticipants(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        IChatParticipantSource[] sources;
        lock (_sources)
        {
            sources = [.. _sources];
        }

        ChatRole? own = null;
        var others = new List<ChatParticipant>();
        foreach (var source in sources)
        {
            if (source.Find(tradeId) is not { } found)
            {
                continue;
            }

            own ??= found.OwnRole;
            foreach (var participant in found.Others)
            {
                if (participant.NodeKey != _node.Identity.PublicKey && !others.Any(o => o.NodeKey == participant.NodeKey))
                {
                    others.Add(participant);
                }
            }
        }

        return own is { } role ? new ChatParticipants(role, others) : null;
    }

    /// <summary>
    /// Sends <paramref name="text"/> to every other participant of trade <paramref name="tradeId"/>: stores it first,
    /// then hands it to the mailbox (which stores it in the network for an offline recipient). A recipient the mailbox
    /// cannot take it for now (its node profile not known yet) is retried by <see cref="RunAsync"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">The text is blank, longer than <see cref="MaxTextLength"/> or holds control characters.</exception>
    /// <exception cref="NotFoundException">No source knows the trade.</exception>
    public async Task<ChatMessage> SendAsync(string tradeId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (TextProblem(text) is { } problem)
        {
            throw new InvalidInputException("text", problem);
        }

        var participants = FindParticipants(tradeId) ?? throw new NotFoundException($"No trade with id {tradeId} is known to this node.");
        var message = ChatMessage.CreateOwn(MarketRules.NewId(), tradeId, _node.Identity.PublicKey, participants.OwnRole, text, _time.GetUtcNow(),
            [.. participants.Others.Select(p => p.NodeKey)]);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Store(message);
        }
        finally
        {
            _gate.Release();
        }

        return await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The messages of trade <paramref name="tradeId"/> in the order they were written (sender's time, then arrival):
    /// the transcript an arbitrator reads. <see cref="NotFoundException"/> when no source knows the trade and no
    /// message of it is stored.
    /// </summary>
    public IReadOnlyList<ChatMessage> List(string tradeId)
    {
        var transcript = Transcript(tradeId);
        if (transcript.Count == 0 && FindParticipants(tradeId) is null)
        {
            throw new NotFoundException($"No trade with id {tradeId} is known to this node.");
        }

        return transcript;
    }

    /// <summary>The stored messages of trade <paramref name="tradeId"/>, ordered as <see cref="List"/>; empty when there are none.</summary>
    public IReadOnlyList<ChatMessage> Transcript(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        return [.. _messages.Find(Query.EQ("trade", tradeId)).Select(ChatMessage.FromBson)
            .OrderBy(m => m.SentAt).ThenBy(m => m.ReceivedAt).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Streams every message stored from the moment of the call, of trade <paramref name="tradeId"/> or of all trades
    /// when it is null. Each subscriber has its own bounded queue; a reader that falls behind loses the oldest.
    /// </summary>
    public IAsyncEnumerable<ChatMessage> WatchAsync(string? tradeId = null, CancellationToken cancellationToken = default) =>
        ChangeStream.WatchAsync<ChatMessage>(h => MessageStored += h, h => MessageStored -= h, m => tradeId is null || m.TradeId == tradeId, _options.WatchCapacity, cancellationToken);

    /// <inheritdoc/>
    public async Task HandleMailAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Accept(message, held: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Until <paramref name="cancellationToken"/> ends, every <see cref="ChatOptions.RetryInterval"/>: hands own
    /// messages to the mailbox for the recipients it could not take them for, and re-checks held messages.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await RetryUndeliveredAsync(cancellationToken).ConfigureAwait(false);
                await RecheckHeldAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.RetryInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Why <paramref name="text"/> cannot be a chat message, as a sentence; null when it can.</summary>
    public static string? TextProblem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "A chat message needs some text.";
        }

        if (text.Length > MaxTextLength)
        {
            return $"A chat message's text is at most {MaxTextLength} characters; this one has {text.Length}.";
        }

        // Control characters could rewrite a reader's terminal (escape sequences, carriage returns).
        return text.Any(c => char.IsControl(c) && c is not '\n' and not '\t')
            ? "A chat message's text may not hold control characters other than newline and tab."
            : null;
    }

    /// <summary>Checks and stores one received message; holds it when its trade is not known yet (unless it was held already).</summary>
    private void Accept(ReceivedMessage message, bool held)
    {
        ChatMessageBody body;
        try
        {
            body = ChatMessageBody.Parser.ParseFrom(message.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Reject(string.Empty, message.Sender, "The payload is not a chat message.");
            return;
        }

        var tradeId = body.TradeId.Length <= MaxTradeIdLength ? body.TradeId : body.TradeId[..MaxTradeIdLength];
        if (!MarketRules.IsId(body.MessageId) || body.TradeId.Length is 0 or > MaxTradeIdLength)
        {
            Reject(tradeId, message.Sender, "The message id or the trade id is malformed.");
            return;
        }

        if (TextProblem(body.Text) is { } problem)
        {
            Reject(tradeId, message.Sender, problem);
            return;
        }

        if (FindParticipants(tradeId) is not { } participants)
        {
            if (held)
            {
                Reject(tradeId, message.Sender, "No trade with this id is known to this node.");
            }
            else
            {
                Hold(message, tradeId);
            }

            return;
        }

        if (participants.Others.FirstOrDefault(p => p.NodeKey == message.Sender) is not { } sender)
        {
            Reject(tradeId, message.Sender, "The sender does not take part in this trade.");
            return;
        }

        if (_messages.FindById(body.MessageId) is { } existing)
        {
            var stored = ChatMessage.FromBson(existing);
            if (stored.SenderKey != message.Sender || stored.TradeId != tradeId)
            {
                Reject(tradeId, message.Sender, "The message id is taken by another message.");
            }
            else
            {
                _logger.LogDebug("Chat message {MessageId} for {TradeId} arrived again", body.MessageId, tradeId);
            }

            return;
        }

        // The sender's clock says when it was written, but never later than it arrived.
        var now = _time.GetUtcNow();
        var sentAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(body.SentUnixMs, 0, now.ToUnixTimeMilliseconds()));
        Store(ChatMessage.CreateReceived(body.MessageId, tradeId, message.Sender, sender.Role, body.Text, sentAt, now));
    }

    private void Hold(ReceivedMessage message, string tradeId)
    {
        (ReceivedMessage Message, DateTimeOffset HeldAt)? dropped = null;
        lock (_held)
        {
            _held.AddLast((message, _time.GetUtcNow()));
            if (_held.Count > _options.MaxHeld)
            {
                dropped = _held.First!.Value;
                _held.RemoveFirst();
            }
        }

        _logger.LogDebug("Chat message for unknown trade {TradeId} from {Sender} held", tradeId, message.Sender.Id);
        if (dropped is { } oldest)
        {
            Reject(string.Empty, oldest.Message.Sender, "Too many chat messages for unknown trades are held.");
        }
    }

    private async Task RecheckHeldAsync(CancellationToken cancellationToken)
    {
        List<(ReceivedMessage Message, DateTimeOffset HeldAt)> held;
        lock (_held)
        {
            held = [.. _held];
            _held.Clear();
        }

        if (held.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (message, heldAt) in held)
            {
                var expired = now - heldAt >= _options.HoldUnknownTradeFor;
                if (expired)
                {
                    Accept(message, held: true);
                }
                else if (TradeIdOf(message) is { } tradeId && FindParticipants(tradeId) is not null)
                {
                    Accept(message, held: false);
                }
                else
                {
                    lock (_held)
                    {
                        _held.AddLast((message, heldAt));
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string? TradeIdOf(ReceivedMessage message)
    {
        try
        {
            return ChatMessageBody.Parser.ParseFrom(message.Payload).TradeId;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private async Task RetryUndeliveredAsync(CancellationToken cancellationToken)
    {
        var pending = _messages.Find(Query.EQ("mine", true)).Select(ChatMessage.FromBson).Where(m => m.Undelivered.Count > 0).ToList();
        foreach (var message in pending)
        {
            await DeliverAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands <paramref name="message"/> to the mailbox for each recipient still waiting; persists who got it.</summary>
    private async Task<ChatMessage> DeliverAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var body = new ChatMessageBody
        {
            MessageId = message.Id,
            TradeId = message.TradeId,
            Text = message.Text,
            SentUnixMs = message.SentAt.ToUnixTimeMilliseconds(),
        }.ToByteArray();
        var delivered = new List<NodeKey>();
        foreach (var recipient in message.Undelivered)
        {
            if (await _router.TrySendAsync(recipient, MailTopic, body, cancellationToken, waitForProfile: false).ConfigureAwait(false))
            {
                delivered.Add(recipient);
            }
        }

        if (delivered.Count == 0)
        {
            return message;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _messages.FindById(message.Id) is { } doc ? ChatMessage.FromBson(doc) : message;
            foreach (var recipient in delivered)
            {
                current.MarkDelivered(recipient);
            }

            _messages.Upsert(current.ToBson());
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Store(ChatMessage message)
    {
        _messages.Upsert(message.ToBson());
        MessageStored?.Invoke(this, message);
    }

    private void Reject(string tradeId, NodeKey sender, string reason)
    {
        _logger.LogWarning("Chat message for {TradeId} from {Sender} rejected: {Reason}", tradeId, sender.Id, reason);
        MessageRejected?.Invoke(this, new RejectedChatMessage(tradeId, sender, reason));
    }
}
