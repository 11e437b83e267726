using System.Security.Cryptography;
using System.Threading.Channels;
using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TradeNode.P2P.Gossip;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Mailbox;

/// <summary>
/// Mailbox delivery. <see cref="SendAsync(NodeKey, ReadOnlyMemory{byte}, CancellationToken)"/> seals a message
/// (<see cref="MailboxCrypto"/>) into a mailbox item, hands it straight to the recipient when it is connected, and
/// publishes it in any case so the network stores and forwards it. The receiving side opens every stored or directly
/// delivered mailbox item sealed to this node, verifies the sender, delivers each message id once (ids persisted), and
/// acknowledges by publishing a tombstone that removes the mailbox item everywhere.
/// </summary>
/// <remarks>
/// The mailbox item's author is a one-time key derived from the sender-recipient shared secret
/// (<see cref="ItemBuilder.BuildMailbox"/>), so the network does not see the sender and only the recipient (or the
/// sender) can sign the tombstone that removes it (<see cref="ItemBuilder.BuildMailboxTombstone"/>).
/// </remarks>
public sealed class MailboxService : IDisposable
{
    public const int MaxPayloadBytes = MailboxCrypto.MaxPayloadBytes;

    private volatile NodeIdentity _identity;
    private readonly ItemStore _store;
    private readonly GossipEngine _gossip;
    private readonly ItemBuilder _builder;
    private readonly TimeProvider _time;
    private readonly Func<NodeKey, IPeerLink?> _findLink;
    private readonly Action<IPeerLink, string>? _invalidDirectItem;
    private readonly DeliveredMessageIds _delivered;
    private readonly Channel<ReceivedMessage> _received = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Lock _gate = new();
    private readonly ILogger _logger;

    public MailboxService(NodeIdentity identity, ItemStore store, GossipEngine gossip, ItemBuilder builder, LiteDatabase database, TimeProvider time,
        Func<NodeKey, IPeerLink?> findLink, Action<IPeerLink, string>? invalidDirectItem = null, ILogger<MailboxService>? logger = null)
    {
        _invalidDirectItem = invalidDirectItem;
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(gossip);
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(findLink);
        _identity = identity;
        _store = store;
        _gossip = gossip;
        _builder = builder;
        _time = time;
        _findLink = findLink;
        // An item delivered now expires at the latest after the clock skew plus the mailbox's longest lifetime; a day
        // more covers a clock that jumps.
        var rules = builder.Policy;
        _delivered = new DeliveredMessageIds(database, rules.MaxClockSkew + rules.Get(ItemKind.Mailbox).MaxTtl + TimeSpan.FromDays(1));
        _logger = logger ?? NullLogger<MailboxService>.Instance;
        _store.ItemsStored += OnItemsStored;
        _gossip.DirectItemsHandler = OnDirectItemsAsync;
    }

    /// <summary>Messages delivered to this node, each message id once, with the verified sender.</summary>
    public ChannelReader<ReceivedMessage> Received => _received.Reader;

    /// <summary>Opens the mailbox items already stored (for example after a restart).</summary>
    public void ScanStored()
    {
        lock (_gate)
        {
            _delivered.Prune(_time.GetUtcNow());
        }

        foreach (var item in _store.GetMailbox(_identity.EncryptionPublicKey))
        {
            Process(item);
        }
    }

    /// <summary>
    /// Makes <paramref name="identity"/> the one messages are opened with and sent from (the node switched to the
    /// identity its wallet derives), then opens the stored mailbox items sealed to it.
    /// </summary>
    internal void SwitchIdentity(NodeIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _identity = identity;
        ScanStored();
    }

    /// <summary>Whether the node profile of <paramref name="recipient"/> (its encryption key) is known, so mail to it can be sealed.</summary>
    public bool KnowsProfileOf(NodeKey recipient) => _store.Find(recipient, ItemKind.NodeProfile, string.Empty) is not null;

    /// <summary>
    /// Sends <paramref name="payload"/> to the node <paramref name="recipient"/>, whose encryption key comes from its
    /// node profile in the store. Returns the message id.
    /// </summary>
    /// <exception cref="InvalidOperationException">No node profile of the recipient is known.</exception>
    public ValueTask<byte[]> SendAsync(NodeKey recipient, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var profileItem = _store.Find(recipient, ItemKind.NodeProfile, string.Empty)
            ?? throw new InvalidOperationException($"No node profile of {recipient.Id} is known, so its encryption key is unknown.");
        var profile = NodeProfileBody.Parser.ParseFrom(ItemContent.Parser.ParseFrom(profileItem.Content).Body);
        return SendAsync(profile.EncryptionKey.ToByteArray(), payload, recipient, cancellationToken);
    }

    /// <summary>Sends <paramref name="payload"/> sealed to the X25519 key <paramref name="recipientEncryptionKey"/>.</summary>
    public async ValueTask<byte[]> SendAsync(byte[] recipientEncryptionKey, ReadOnlyMemory<byte> payload, NodeKey? recipient = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipientEncryptionKey);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"A mailbox payload is at most {MaxPayloadBytes} bytes, not {payload.Length}.", nameof(payload));
        }

        var messageId = RandomNumberGenerator.GetBytes(MailboxCrypto.MessageIdLength);
        var item = _builder.BuildMailbox(_identity, recipientEncryptionKey, payload.Span, _time.GetUtcNow(), messageId: messageId);

        var acceptance = await _gossip.PublishAsync(item, cancellationToken).ConfigureAwait(false);
        if (acceptance.Status == ItemAcceptanceStatus.Rejected)
        {
            throw new InvalidOperationException($"The mailbox item was rejected: {acceptance.Detail}");
        }

        // The gossip engine may have pushed the publication whole to the recipient already; sending it again on the
        // same link would reach the peer as an unsolicited duplicate (when the direct copy overtakes the pipelined
        // push), which the peer reports as misbehaviour and answers with a ban: the link, and mail over it, is lost.
        if (recipient is { } key && _findLink(key) is { } link && !_gossip.HasSent(link.PeerKey, ItemId.Compute(item.Content.Span)))
        {
            await link.SendAsync(new ItemsMessage([item], Direct: true), cancellationToken).ConfigureAwait(false);
        }

        return messageId;
    }

    public void Dispose()
    {
        _store.ItemsStored -= OnItemsStored;
        _gossip.DirectItemsHandler = null;
        _received.Writer.TryComplete();
    }

    private ValueTask OnDirectItemsAsync(IPeerLink from, IReadOnlyList<SignedItem> items)
    {
        foreach (var item in items)
        {
            // Validated like any item; storing it also relays it and triggers Process through ItemsStored.
            if (!IsMailbox(item))
            {
                _invalidDirectItem?.Invoke(from, "a direct message that is not a mailbox item");
                continue;
            }

            var acceptance = _store.Add(item, _time.GetUtcNow());
            if (acceptance.Status == ItemAcceptanceStatus.Duplicate)
            {
                Process(item);
            }
            else if (acceptance.Status == ItemAcceptanceStatus.Rejected)
            {
                _invalidDirectItem?.Invoke(from, $"an invalid direct item ({acceptance.Rejection})");
            }
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsMailbox(SignedItem item)
    {
        try
        {
            return ItemContent.Parser.ParseFrom(item.Content).Kind == ItemKind.Mailbox;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    private void OnItemsStored(object? sender, IReadOnlyList<ItemId> ids)
    {
        foreach (var id in ids)
        {
            // Only mailbox items concern this service: other kinds (most of a sync) are not read back.
            if (_store.KindOf(id) == ItemKind.Mailbox && _store.Get(id) is { } item)
            {
                Process(item);
            }
        }
    }

    private void Process(SignedItem item)
    {
        ItemContent content;
        MailboxBody body;
        try
        {
            content = ItemContent.Parser.ParseFrom(item.Content);
            if (content.Kind != ItemKind.Mailbox)
            {
                return;
            }

            body = MailboxBody.Parser.ParseFrom(content.Body);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }

        // An expired item still in the store (not yet purged) is not delivered: its id may have been pruned already.
        if (content.ExpiresUnixMs <= _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return;
        }

        var identity = _identity;
        if (!body.Recipient.Span.SequenceEqual(identity.EncryptionPublicKey))
        {
            return;
        }

        if (!MailboxCrypto.TryOpen(identity, body, out var opened, out var error))
        {
            _logger.LogInformation("A mailbox item for us could not be opened: {Error}", error);
            return;
        }

        var idHex = Convert.ToHexStringLower(opened.MessageId);
        bool deliver;
        lock (_gate)
        {
            deliver = _delivered.TryAdd(idHex, _time.GetUtcNow());
        }

        if (deliver)
        {
            _received.Writer.TryWrite(new ReceivedMessage(opened.Sender, opened.MessageId, opened.SentAt, opened.Payload));
        }

        if (_store.Contains(ItemId.Compute(item.Content.Span)))
        {
            Acknowledge(identity, item);
        }
    }

    private void Acknowledge(NodeIdentity identity, SignedItem item)
    {
        if (_builder.BuildMailboxTombstone(identity, item, _time.GetUtcNow()) is not { } tombstone)
        {
            return;
        }

        // Outside the store's event: publishing raises ItemsStored again, which finds no mailbox item in a tombstone.
        _ = Task.Run(async () =>
        {
            var result = await _gossip.PublishAsync(tombstone).ConfigureAwait(false);
            if (result.Status == ItemAcceptanceStatus.Rejected)
            {
                _logger.LogInformation("The acknowledgement tombstone was rejected: {Detail}", result.Detail);
            }
        });
    }
}
