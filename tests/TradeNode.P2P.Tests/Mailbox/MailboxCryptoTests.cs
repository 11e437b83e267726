using Google.Protobuf;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Mailbox;

public sealed class MailboxCryptoTests : IDisposable
{
    private static readonly DateTimeOffset SentAt = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly NodeIdentity _alice = NodeIdentity.Generate();
    private readonly NodeIdentity _bob = NodeIdentity.Generate();

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    [Fact]
    public void Sealed_message_opens_for_the_recipient_with_sender_and_payload()
    {
        var messageId = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

        var body = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "pay 100000 sat"u8, SentAt, messageId);
        var opened = MailboxCrypto.TryOpen(_bob, body, out var message, out var error);

        Assert.True(opened, error);
        Assert.Equal(_alice.PublicKey, message!.Sender);
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(SentAt, message.SentAt);
        Assert.Equal("pay 100000 sat"u8.ToArray(), message.Payload);
        Assert.True(body.Recipient.Span.SequenceEqual(_bob.EncryptionPublicKey));
    }

    [Fact]
    public void Ciphertext_does_not_reveal_sender_or_payload()
    {
        var payload = "a very recognisable payload"u8.ToArray();

        var body = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, payload, SentAt);
        var bytes = body.ToByteArray();

        Assert.Equal(-1, bytes.AsSpan().IndexOf(payload));
        Assert.Equal(-1, bytes.AsSpan().IndexOf(_alice.PublicKey.Span));
    }

    [Fact]
    public void Each_seal_uses_a_fresh_ephemeral_key_and_nonce()
    {
        var first = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "x"u8, SentAt);
        var second = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "x"u8, SentAt);

        Assert.NotEqual(first.EphemeralKey, second.EphemeralKey);
        Assert.NotEqual(first.Nonce, second.Nonce);
    }

    [Fact]
    public void Wrong_recipient_cannot_open()
    {
        using var eve = NodeIdentity.Generate();
        var body = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "secret"u8, SentAt);

        Assert.False(MailboxCrypto.TryOpen(eve, body, out _, out var error));
        Assert.Contains("another", error, StringComparison.Ordinal);

        // Even claiming to be the recipient does not help: the key agreement gives another key.
        body.Recipient = ByteString.CopyFrom(eve.EncryptionPublicKey);
        Assert.False(MailboxCrypto.TryOpen(eve, body, out _, out error));
        Assert.Contains("decrypt", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_ciphertext_fails()
    {
        var body = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "secret"u8, SentAt);
        var ciphertext = body.Ciphertext.ToByteArray();
        ciphertext[5] ^= 0x40;
        body.Ciphertext = ByteString.CopyFrom(ciphertext);

        Assert.False(MailboxCrypto.TryOpen(_bob, body, out var message, out var error));
        Assert.Null(message);
        Assert.Contains("tampered", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_ephemeral_key_or_nonce_fails()
    {
        var body = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "secret"u8, SentAt);
        var nonce = body.Nonce.ToByteArray();
        nonce[0] ^= 1;
        var badNonce = body.Clone();
        badNonce.Nonce = ByteString.CopyFrom(nonce);
        var badKey = body.Clone();
        using var other = NodeIdentity.Generate();
        badKey.EphemeralKey = ByteString.CopyFrom(other.EncryptionPublicKey);

        Assert.False(MailboxCrypto.TryOpen(_bob, badNonce, out _));
        Assert.False(MailboxCrypto.TryOpen(_bob, badKey, out _));
        Assert.True(MailboxCrypto.TryOpen(_bob, body, out _));
    }

    [Fact]
    public void Forged_inner_signature_fails()
    {
        // Mallory encrypts a SealedMessage that claims Alice as sender, signed by Mallory's own key.
        using var mallory = NodeIdentity.Generate();
        var forged = new SealedMessage
        {
            Sender = ByteString.CopyFrom(_alice.PublicKey.Span),
            MessageId = ByteString.CopyFrom(new byte[16]),
            SentUnixMs = SentAt.ToUnixTimeMilliseconds(),
            Payload = ByteString.CopyFromUtf8("release the escrow"),
            Signature = ByteString.CopyFrom(mallory.Sign("anything"u8)),
        };
        var body = EncryptRaw(forged.ToByteArray());

        Assert.False(MailboxCrypto.TryOpen(_bob, body, out _, out var error));
        Assert.Contains("forged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_binds_the_recipient_so_a_message_cannot_be_reforwarded()
    {
        // Carol receives Alice's signed message and re-encrypts the same SealedMessage to Bob.
        using var carol = NodeIdentity.Generate();
        var toCarol = MailboxCrypto.Seal(_alice, carol.EncryptionPublicKey, "for carol only"u8, SentAt);
        var plaintext = Decrypt(carol, toCarol);

        var reforwarded = EncryptRaw(plaintext);

        Assert.False(MailboxCrypto.TryOpen(_bob, reforwarded, out _, out var error));
        Assert.Contains("forged", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_payload_is_refused_when_sealing()
    {
        Assert.Throws<ArgumentException>(() => MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, new byte[MailboxCrypto.MaxPayloadBytes + 1], SentAt));
    }

    [Fact]
    public void Malformed_bodies_fail_without_exceptions()
    {
        var random = new Random(99);
        var good = MailboxCrypto.Seal(_alice, _bob.EncryptionPublicKey, "x"u8, SentAt).ToByteArray();
        for (var i = 0; i < 500; i++)
        {
            var bytes = (byte[])good.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
            MailboxBody body;
            try
            {
                body = MailboxBody.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            Assert.False(MailboxCrypto.TryOpen(_bob, body, out _));
        }

        Assert.False(MailboxCrypto.TryOpen(_bob, new MailboxBody(), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    private MailboxBody EncryptRaw(byte[] plaintext) => MailboxCrypto.Encrypt(_bob.EncryptionPublicKey, plaintext, out _);

    private static byte[] Decrypt(NodeIdentity recipient, MailboxBody body) =>
        MailboxCrypto.Decrypt(recipient, body, out var error) ?? throw new InvalidOperationException(error);
}
