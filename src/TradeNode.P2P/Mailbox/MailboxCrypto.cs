using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Google.Protobuf;
using NSec.Cryptography;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Mailbox;

/// <summary>
/// End-to-end encryption of mailbox messages. <see cref="Seal"/> signs a <see cref="SealedMessage"/> with the
/// sender's Ed25519 key (over a domain tag, the recipient key, the message id, the time and the payload), then
/// encrypts it to the recipient's X25519 key: a fresh ephemeral X25519 key, HKDF-SHA256 over the shared secret
/// (salt = ephemeral key || recipient key) gives an XChaCha20-Poly1305 key; the associated data is the recipient
/// and ephemeral keys. Only the recipient learns who sent the message.
/// </summary>
public static class MailboxCrypto
{
    public const int KeyLength = 32;

    public const int NonceLength = 24;

    public const int TagLength = 16;

    public const int MessageIdLength = 16;

    /// <summary>The largest payload sealed or opened.</summary>
    public const int MaxPayloadBytes = 32 * 1024;

    private static readonly byte[] KeyInfo = "tradenode/mailbox/v1/key"u8.ToArray();
    private static readonly byte[] AuthorInfo = "tradenode/mailbox/v1/item-author"u8.ToArray();
    private static readonly byte[] SignatureTag = "tradenode/mailbox/v1/message\n"u8.ToArray();

    /// <summary>Seals <paramref name="payload"/> from <paramref name="sender"/> to the X25519 key <paramref name="recipientEncryptionKey"/>.</summary>
    public static MailboxBody Seal(NodeIdentity sender, ReadOnlySpan<byte> recipientEncryptionKey, ReadOnlySpan<byte> payload, DateTimeOffset sentAt, ReadOnlySpan<byte> messageId = default)
    {
        var body = Seal(sender, recipientEncryptionKey, payload, sentAt, messageId, out var authorSeed);
        CryptographicOperations.ZeroMemory(authorSeed);
        return body;
    }

    /// <summary>
    /// The one-time identity that authors the mailbox item carrying <paramref name="body"/>: derived from the X25519
    /// secret shared by the sender's ephemeral key and the recipient's key, so only those two can sign for the item;
    /// the recipient uses it to tombstone the item once it has read it. Null when <paramref name="body"/> is not
    /// addressed to <paramref name="recipient"/> or is malformed.
    /// </summary>
    public static NodeIdentity? DeriveItemAuthor(NodeIdentity recipient, MailboxBody body)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(body);
        if (CheckShape(body) is not null || !body.Recipient.Span.SequenceEqual(recipient.EncryptionPublicKey))
        {
            return null;
        }

        byte[] seed;
        try
        {
            seed = recipient.AgreeAndDerive(body.EphemeralKey.Span, Concat(body.EphemeralKey.Span, body.Recipient.Span), AuthorInfo, NodeIdentity.MinSeedLength);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }

        try
        {
            return NodeIdentity.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary><see cref="Seal(NodeIdentity, ReadOnlySpan{byte}, ReadOnlySpan{byte}, DateTimeOffset, ReadOnlySpan{byte})"/>, also giving the seed of the item's one-time author.</summary>
    internal static MailboxBody Seal(NodeIdentity sender, ReadOnlySpan<byte> recipientEncryptionKey, ReadOnlySpan<byte> payload, DateTimeOffset sentAt, ReadOnlySpan<byte> messageId, out byte[] authorSeed)
    {
        ArgumentNullException.ThrowIfNull(sender);
        if (recipientEncryptionKey.Length != KeyLength)
        {
            throw new ArgumentException($"A recipient encryption key is {KeyLength} bytes, not {recipientEncryptionKey.Length}.", nameof(recipientEncryptionKey));
        }

        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"A mailbox payload is at most {MaxPayloadBytes} bytes, not {payload.Length}.", nameof(payload));
        }

        var id = messageId.IsEmpty ? RandomNumberGenerator.GetBytes(MessageIdLength) : messageId.ToArray();
        if (id.Length != MessageIdLength)
        {
            throw new ArgumentException($"A message id is {MessageIdLength} bytes, not {id.Length}.", nameof(messageId));
        }

        var sentMs = sentAt.ToUnixTimeMilliseconds();
        var message = new SealedMessage
        {
            Sender = ByteString.CopyFrom(sender.PublicKey.Span),
            MessageId = ByteString.CopyFrom(id),
            SentUnixMs = sentMs,
            Payload = ByteString.CopyFrom(payload),
            Signature = ByteString.CopyFrom(sender.Sign(SignedBytes(recipientEncryptionKey, id, sentMs, payload))),
        };

        return Encrypt(recipientEncryptionKey, message.ToByteArray(), out authorSeed);
    }

    public static bool TryOpen(NodeIdentity recipient, MailboxBody body, [NotNullWhen(true)] out OpenedMessage? message) =>
        TryOpen(recipient, body, out message, out _);

    /// <summary>
    /// Decrypts <paramref name="body"/> with <paramref name="recipient"/>'s X25519 key and checks the sender's inner
    /// signature; false with a sentence in <paramref name="error"/> for anything wrong (not addressed to this node,
    /// tampered, forged).
    /// </summary>
    public static bool TryOpen(NodeIdentity recipient, MailboxBody body, [NotNullWhen(true)] out OpenedMessage? message, out string error)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(body);
        message = null;
        var plaintext = Decrypt(recipient, body, out error);
        if (plaintext is null)
        {
            return false;
        }

        SealedMessage sealedMessage;
        try
        {
            sealedMessage = SealedMessage.Parser.ParseFrom(plaintext);
        }
        catch (InvalidProtocolBufferException)
        {
            error = "The decrypted message is not a SealedMessage.";
            return false;
        }

        if (!NodeKey.TryCreate(sealedMessage.Sender.Span, out var sender))
        {
            error = "The sealed message's sender is not an Ed25519 public key.";
            return false;
        }

        if (sealedMessage.MessageId.Length != MessageIdLength)
        {
            error = $"The sealed message id is {sealedMessage.MessageId.Length} bytes, not {MessageIdLength}.";
            return false;
        }

        if (sealedMessage.Payload.Length > MaxPayloadBytes)
        {
            error = $"The sealed payload is larger than {MaxPayloadBytes} bytes.";
            return false;
        }

        var signed = SignedBytes(body.Recipient.Span, sealedMessage.MessageId.Span, sealedMessage.SentUnixMs, sealedMessage.Payload.Span);
        if (!sender.Verify(signed, sealedMessage.Signature.Span))
        {
            error = $"The sender signature does not verify for {sender.Id}: the message is forged.";
            return false;
        }

        DateTimeOffset sentAt;
        try
        {
            sentAt = DateTimeOffset.FromUnixTimeMilliseconds(sealedMessage.SentUnixMs);
        }
        catch (ArgumentOutOfRangeException)
        {
            error = "The sealed message's time is out of range.";
            return false;
        }

        message = new OpenedMessage(sender, sealedMessage.MessageId.ToByteArray(), sentAt, sealedMessage.Payload.ToByteArray());
        error = string.Empty;
        return true;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> to <paramref name="recipientEncryptionKey"/> with a fresh ephemeral key.</summary>
    internal static MailboxBody Encrypt(ReadOnlySpan<byte> recipientEncryptionKey, ReadOnlySpan<byte> plaintext, out byte[] authorSeed)
    {
        using var ephemeral = NodeIdentity.Generate();
        var ephemeralKey = ephemeral.EncryptionPublicKey.ToArray();
        var salt = Concat(ephemeralKey, recipientEncryptionKey);
        var keyBytes = ephemeral.AgreeAndDerive(recipientEncryptionKey, salt, KeyInfo, AeadAlgorithm.XChaCha20Poly1305.KeySize);
        authorSeed = ephemeral.AgreeAndDerive(recipientEncryptionKey, salt, AuthorInfo, NodeIdentity.MinSeedLength);
        try
        {
            using var key = Key.Import(AeadAlgorithm.XChaCha20Poly1305, keyBytes, KeyBlobFormat.RawSymmetricKey);
            var nonce = RandomNumberGenerator.GetBytes(NonceLength);
            var associated = Concat(recipientEncryptionKey, ephemeralKey);
            var ciphertext = AeadAlgorithm.XChaCha20Poly1305.Encrypt(key, nonce, associated, plaintext);
            return new MailboxBody
            {
                Recipient = ByteString.CopyFrom(recipientEncryptionKey),
                EphemeralKey = ByteString.CopyFrom(ephemeralKey),
                Nonce = ByteString.CopyFrom(nonce),
                Ciphertext = ByteString.CopyFrom(ciphertext),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }

    /// <summary>Decrypts a body addressed to <paramref name="recipient"/>; null with a sentence when it does not decrypt.</summary>
    internal static byte[]? Decrypt(NodeIdentity recipient, MailboxBody body, out string error)
    {
        if (CheckShape(body) is { } problem)
        {
            error = problem;
            return null;
        }

        if (!body.Recipient.Span.SequenceEqual(recipient.EncryptionPublicKey))
        {
            error = "The message is addressed to another encryption key.";
            return null;
        }

        byte[] keyBytes;
        try
        {
            var salt = Concat(body.EphemeralKey.Span, body.Recipient.Span);
            keyBytes = recipient.AgreeAndDerive(body.EphemeralKey.Span, salt, KeyInfo, AeadAlgorithm.XChaCha20Poly1305.KeySize);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            error = "The message's ephemeral key is not a usable X25519 key.";
            return null;
        }

        try
        {
            using var key = Key.Import(AeadAlgorithm.XChaCha20Poly1305, keyBytes, KeyBlobFormat.RawSymmetricKey);
            var associated = Concat(body.Recipient.Span, body.EphemeralKey.Span);
            var plaintext = AeadAlgorithm.XChaCha20Poly1305.Decrypt(key, body.Nonce.Span, associated, body.Ciphertext.Span);
            error = plaintext is null ? "The message does not decrypt: it was tampered with or not sealed to this key." : string.Empty;
            return plaintext;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBytes);
        }
    }

    /// <summary>The field lengths of a mailbox body; null when they are right.</summary>
    public static string? CheckShape(MailboxBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Recipient.Length != KeyLength)
        {
            return $"A mailbox recipient key is {KeyLength} bytes, not {body.Recipient.Length}.";
        }

        if (body.EphemeralKey.Length != KeyLength)
        {
            return $"A mailbox ephemeral key is {KeyLength} bytes, not {body.EphemeralKey.Length}.";
        }

        if (body.Nonce.Length != NonceLength)
        {
            return $"A mailbox nonce is {NonceLength} bytes, not {body.Nonce.Length}.";
        }

        if (body.Ciphertext.Length < TagLength)
        {
            return "A mailbox ciphertext is shorter than its authentication tag.";
        }

        return null;
    }

    private static byte[] SignedBytes(ReadOnlySpan<byte> recipient, ReadOnlySpan<byte> messageId, long sentUnixMs, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[SignatureTag.Length + recipient.Length + messageId.Length + 8 + payload.Length];
        var span = bytes.AsSpan();
        SignatureTag.CopyTo(span);
        span = span[SignatureTag.Length..];
        recipient.CopyTo(span);
        span = span[recipient.Length..];
        messageId.CopyTo(span);
        span = span[messageId.Length..];
        BinaryPrimitives.WriteInt64BigEndian(span, sentUnixMs);
        payload.CopyTo(span[8..]);
        return bytes;
    }

    private static byte[] Concat(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var bytes = new byte[a.Length + b.Length];
        a.CopyTo(bytes);
        b.CopyTo(bytes.AsSpan(a.Length));
        return bytes;
    }
}
