using LiteDB;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Chat;

/// <summary>
/// One chat message of a trade as this node stored it (LiteDB collection <c>chat</c>): sent from here or received
/// from another participant. Immutable once stored, except for the recipients its delivery still waits for.
/// </summary>
public sealed class ChatMessage
{
    private ChatMessage()
    {
    }

    /// <summary>The message id: 32 lowercase hex characters, chosen by the sender.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>The trade the message is about.</summary>
    public string TradeId { get; private init; } = string.Empty;

    /// <summary>The sender's node key (verified by the mailbox for received messages).</summary>
    public NodeKey SenderKey { get; private init; }

    /// <summary>The sender's role in the trade, from this node's own record of the trade.</summary>
    public ChatRole SenderRole { get; private init; }

    /// <summary>The text.</summary>
    public string Text { get; private init; } = string.Empty;

    /// <summary>When the sender wrote it (the sender's clock).</summary>
    public DateTimeOffset SentAt { get; private init; }

    /// <summary>When this node stored it (for own messages: when it was sent).</summary>
    public DateTimeOffset ReceivedAt { get; private init; }

    /// <summary>True when this node sent it.</summary>
    public bool IsMine { get; private init; }

    /// <summary>Own messages only: the participants the mailbox did not take the message for yet (retried by the loop).</summary>
    public IReadOnlyList<NodeKey> Undelivered { get; private set; } = [];

    /// <summary>A message this node sends now, to be delivered to <paramref name="recipients"/>.</summary>
    public static ChatMessage CreateOwn(string id, string tradeId, NodeKey sender, ChatRole role, string text, DateTimeOffset now, IReadOnlyList<NodeKey> recipients) => new()
    {
        Id = id,
        TradeId = tradeId,
        SenderKey = sender,
        SenderRole = role,
        Text = text,
        SentAt = now,
        ReceivedAt = now,
        IsMine = true,
        Undelivered = recipients,
    };

    /// <summary>A message received from another participant.</summary>
    public static ChatMessage CreateReceived(string id, string tradeId, NodeKey sender, ChatRole role, string text, DateTimeOffset sentAt, DateTimeOffset now) => new()
    {
        Id = id,
        TradeId = tradeId,
        SenderKey = sender,
        SenderRole = role,
        Text = text,
        SentAt = sentAt,
        ReceivedAt = now,
        IsMine = false,
    };

    /// <summary>The mailbox took the message for <paramref name="recipient"/>.</summary>
    internal void MarkDelivered(NodeKey recipient) => Undelivered = [.. Undelivered.Where(k => k != recipient)];

    internal BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["trade"] = TradeId,
        ["sender"] = SenderKey.ToArray(),
        ["role"] = SenderRole.ToString(),
        ["text"] = Text,
        ["sent"] = SentAt.ToUnixTimeMilliseconds(),
        ["received"] = ReceivedAt.ToUnixTimeMilliseconds(),
        ["mine"] = IsMine,
        ["undelivered"] = new BsonArray(Undelivered.Select(k => new BsonValue(k.ToArray()))),
    };

    internal static ChatMessage FromBson(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        TradeId = doc["trade"].AsString,
        SenderKey = NodeKey.Create(doc["sender"].AsBinary),
        SenderRole = Enum.Parse<ChatRole>(doc["role"].AsString),
        Text = doc["text"].AsString,
        SentAt = DateTimeOffset.FromUnixTimeMilliseconds(doc["sent"].AsInt64),
        ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(doc["received"].AsInt64),
        IsMine = doc["mine"].AsBoolean,
        Undelivered = [.. doc["undelivered"].AsArray.Select(v => NodeKey.Create(v.AsBinary))],
    };
}
