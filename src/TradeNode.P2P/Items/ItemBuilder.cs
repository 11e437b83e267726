using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// Builds signed items: fills an <see cref="ItemContent"/>, mines the proof-of-work nonce for the kind's
/// difficulty and signs the exact content bytes. It does not check the rules (tests build invalid items with it);
/// <see cref="ItemValidator"/> does. Also builds many valid items fast for tests and benchmarks (<see cref="BuildMany"/>).
/// </summary>
public sealed class ItemBuilder
{
    public ItemBuilder(ItemPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    public ItemPolicy Policy { get; }

    /// <summary>The key of the tombstone that removes (<paramref name="removedKind"/>, <paramref name="removedKey"/>).</summary>
    public static string TombstoneKey(ItemKind removedKind, string removedKey) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)removedKind}/{removedKey}");

    /// <summary>An item of <paramref name="kind"/> created at <paramref name="created"/>, living <paramref name="ttl"/>.</summary>
    public SignedItem Build(NodeIdentity author, ItemKind kind, string key, ulong sequence, ReadOnlySpan<byte> body, DateTimeOffset created, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(key);
        var content = new ItemContent
        {
            Kind = kind,
            Author = ByteString.CopyFrom(author.PublicKey.Span),
            Key = key,
            Sequence = sequence,
            CreatedUnixMs = created.ToUnixTimeMilliseconds(),
            ExpiresUnixMs = (created + ttl).ToUnixTimeMilliseconds(),
            Body = ByteString.CopyFrom(body),
        };
        return Sign(author, content);
    }

    /// <summary>Mines <paramref name="content"/>'s nonce for its kind's difficulty (none for an unknown kind) and signs it.</summary>
    public SignedItem Sign(NodeIdentity author, ItemContent content)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(content);
        var bytes = Mine(content, Policy.For(content.Kind)?.DifficultyBits ?? 0);
        return SignBytes(author, bytes);
    }

    /// <summary>Signs content bytes exactly as given (no mining).</summary>
    public static SignedItem SignBytes(NodeIdentity author, ReadOnlySpan<byte> content)
    {
        ArgumentNullException.ThrowIfNull(author);
        return new SignedItem
        {
            Content = ByteString.CopyFrom(content),
            Signature = ByteString.CopyFrom(author.Sign(ItemValidator.SigningMessage(content))),
        };
    }

    /// <summary>Sets <see cref="ItemContent.PowNonce"/> until the content's SHA-256 has <paramref name="difficultyBits"/> leading zero bits; returns the content bytes.</summary>
    public static byte[] Mine(ItemContent content, int difficultyBits)
    {
        ArgumentNullException.ThrowIfNull(content);
        Span<byte> hash = stackalloc byte[32];
        for (var nonce = content.PowNonce; ; nonce++)
        {
            content.PowNonce = nonce;
            var bytes = content.ToByteArray();
            SHA256.HashData(bytes, hash);
            if (ProofOfWork.LeadingZeroBits(hash) >= difficultyBits)
            {
                return bytes;
            }
        }
    }

    /// <summary>The node's profile: its encryption key, reachable addresses and a display name (key "", TTL 30 days by default).</summary>
    public SignedItem BuildNodeProfile(NodeIdentity author, IEnumerable<string> addresses, string name, ulong sequence, DateTimeOffset now, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(author);
        ArgumentNullException.ThrowIfNull(addresses);
        var body = new NodeProfileBody { EncryptionKey = ByteString.CopyFrom(author.EncryptionPublicKey), Name = name ?? string.Empty };
        body.Addresses.AddRange(addresses);
        return Build(author, ItemKind.NodeProfile, string.Empty, sequence, body.ToByteArray(), now, ttl ?? Policy.Get(ItemKind.NodeProfile).MaxTtl);
    }

    /// <summary>
    /// A tombstone removing (<paramref name="removedKind"/>, <paramref name="removedKey"/>): <paramref name="sequence"/>
    /// must be at least the removed item's. It lives the longest tombstone TTL, so it outlives what it removes.
    /// </summary>
    public SignedItem BuildTombstone(NodeIdentity author, ItemKind removedKind, string removedKey, ulong sequence, DateTimeOffset now)
    {
        var body = new TombstoneBody { RemovedKind = removedKind, RemovedKey = removedKey };
        return Build(author, ItemKind.Tombstone, TombstoneKey(removedKind, removedKey), sequence, body.ToByteArray(), now, Policy.Get(ItemKind.Tombstone).MaxTtl);
    }

    /// <summary>
    /// A mailbox item carrying <paramref name="payload"/> from <paramref name="sender"/> sealed to
    /// <paramref name="recipientEncryptionKey"/>. The item's author is a one-time key that only the sender and the
    /// recipient can derive (<see cref="MailboxCrypto.DeriveItemAuthor"/>), so the network sees the recipient but not
    /// the sender, and the recipient can remove the item (<see cref="BuildMailboxTombstone"/>). Its key is the hex
    /// message id, its sequence 1.
    /// </summary>
    public SignedItem BuildMailbox(NodeIdentity sender, ReadOnlySpan<byte> recipientEncryptionKey, ReadOnlySpan<byte> payload, DateTimeOffset now, TimeSpan? ttl = null, ReadOnlySpan<byte> messageId = default)
    {
        var id = messageId.IsEmpty ? RandomNumberGenerator.GetBytes(MailboxCrypto.MessageIdLength) : messageId.ToArray();
        var body = MailboxCrypto.Seal(sender, recipientEncryptionKey, payload, now, id, out var authorSeed);
        try
        {
            using var oneTime = NodeIdentity.FromSeed(authorSeed);
            return Build(oneTime, ItemKind.Mailbox, Convert.ToHexStringLower(id), 1, body.ToByteArray(), now, ttl ?? Policy.Get(ItemKind.Mailbox).MaxTtl);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(authorSeed);
        }
    }

    /// <summary>
    /// The acknowledgement of a mailbox item read by <paramref name="recipient"/>: a tombstone signed by the item's
    /// one-time author that removes the item from every store. Null when the item is not a mailbox item addressed to
    /// <paramref name="recipient"/>.
    /// </summary>
    public SignedItem? BuildMailboxTombstone(NodeIdentity recipient, SignedItem mailboxItem, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(mailboxItem);
        ItemContent content;
        MailboxBody body;
        try
        {
            content = ItemContent.Parser.ParseFrom(mailboxItem.Content);
            if (content.Kind != ItemKind.Mailbox)
            {
                return null;
            }

            body = MailboxBody.Parser.ParseFrom(content.Body);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }

        using var author = MailboxCrypto.DeriveItemAuthor(recipient, body);
        if (author is null || !author.PublicKey.Span.SequenceEqual(content.Author.Span))
        {
            return null;
        }

        return BuildTombstone(author, ItemKind.Mailbox, content.Key, content.Sequence, now);
    }

    /// <summary>
    /// <paramref name="count"/> valid offer items for tests and benchmarks, created at <paramref name="now"/> and living
    /// one day, by deterministic authors (one per 50 items, from <paramref name="seed"/>) within quotas; bodies of
    /// <paramref name="bodyBytes"/> bytes. Uses this builder's policy difficulty.
    /// </summary>
    public IReadOnlyList<SignedItem> BuildMany(int count, DateTimeOffset now, int seed = 0, int bodyBytes = 64)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        const int perAuthor = 50;
        var items = new SignedItem[count];
        var body = new byte[bodyBytes];
        NodeIdentity? author = null;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (i % perAuthor == 0)
                {
                    author?.Dispose();
                    author = NodeIdentity.FromSeed(SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"tradenode-test-author/{seed}/{i / perAuthor}"))));
                }

                BitConverter.TryWriteBytes(body, i);
                items[i] = Build(author!, ItemKind.Offer, string.Create(CultureInfo.InvariantCulture, $"offer-{i}"), 1, body, now, TimeSpan.FromDays(1));
            }
        }
        finally
        {
            author?.Dispose();
        }

        return items;
    }
}
