using Google.Protobuf;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Tests.Items;

public sealed class ItemValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = TestClock.Now;
    private readonly NodeIdentity _author = NodeIdentity.FromSeed(Enumerable.Repeat((byte)5, 32).ToArray());
    private readonly ItemBuilder _builder = new(ItemPolicy.Testing);
    private readonly ItemValidator _validator = new(ItemPolicy.Testing);

    public void Dispose() => _author.Dispose();

    private ItemContent Content(ItemKind kind = ItemKind.Offer, DateTimeOffset? created = null, TimeSpan? ttl = null, int bodyBytes = 10)
    {
        var at = created ?? Now;
        return new ItemContent
        {
            Kind = kind,
            Author = ByteString.CopyFrom(_author.PublicKey.Span),
            Key = "offer-1",
            Sequence = 1,
            CreatedUnixMs = at.ToUnixTimeMilliseconds(),
            ExpiresUnixMs = (at + (ttl ?? TimeSpan.FromDays(1))).ToUnixTimeMilliseconds(),
            Body = ByteString.CopyFrom(new byte[bodyBytes]),
        };
    }

    private void AssertRejected(SignedItem item, ItemRejection expected)
    {
        var result = _validator.Validate(item, Now);
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Rejection);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
        Assert.EndsWith(".", result.Detail.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_item_is_accepted()
    {
        var item = _builder.Build(_author, ItemKind.Offer, "offer-1", 1, new byte[100], Now, TimeSpan.FromDays(30));

        var result = _validator.Validate(item, Now);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(ItemId.Compute(item.Content.Span), result.Id);
        Assert.Equal(_author.PublicKey, result.Author);
        Assert.Equal("offer-1", result.Content!.Key);
    }

    [Fact]
    public void Garbage_content_is_malformed()
    {
        AssertRejected(new SignedItem { Content = ByteString.CopyFrom(0xff, 0xff, 0xff), Signature = ByteString.CopyFrom(new byte[64]) }, ItemRejection.Malformed);
    }

    [Fact]
    public void Short_author_key_is_malformed()
    {
        var content = Content();
        content.Author = ByteString.CopyFrom(new byte[31]);

        AssertRejected(ItemBuilder.SignBytes(_author, content.ToByteArray()), ItemRejection.Malformed);
    }

    [Fact]
    public void Short_signature_is_malformed()
    {
        var item = _builder.Sign(_author, Content());
        item.Signature = ByteString.CopyFrom(item.Signature.Span[..63]);

        AssertRejected(item, ItemRejection.Malformed);
    }

    [Fact]
    public void Expiry_before_creation_is_malformed()
    {
        var content = Content();
        content.ExpiresUnixMs = content.CreatedUnixMs - 1;

        AssertRejected(_builder.Sign(_author, content), ItemRejection.Malformed);
    }

    [Fact]
    public void Flipped_content_byte_is_bad_signature()
    {
        var item = _builder.Sign(_author, Content());
        var bytes = item.Content.ToByteArray();
        bytes[^1] ^= 1; // inside the body
        item.Content = ByteString.CopyFrom(bytes);

        AssertRejected(item, ItemRejection.BadSignature);
    }

    [Fact]
    public void Signature_by_another_key_is_bad_signature()
    {
        using var other = NodeIdentity.Generate();
        var item = ItemBuilder.SignBytes(other, ItemBuilder.Mine(Content(), ItemPolicy.TestingDifficultyBits));

        AssertRejected(item, ItemRejection.BadSignature);
    }

    [Fact]
    public void Signature_over_bare_content_without_domain_tag_is_bad_signature()
    {
        var bytes = ItemBuilder.Mine(Content(), ItemPolicy.TestingDifficultyBits);
        var item = new SignedItem { Content = ByteString.CopyFrom(bytes), Signature = ByteString.CopyFrom(_author.Sign(bytes)) };

        AssertRejected(item, ItemRejection.BadSignature);
    }

    [Fact]
    public void Signature_is_checked_over_received_bytes_not_a_reserialization()
    {
        // Content with a field the schema does not know (field 99) and fields out of order: a re-serialization
        // differs from these bytes, but the signature covers exactly what was received.
        var content = Content();
        var canonical = ItemBuilder.Mine(content, 0);
        var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(99, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFromUtf8("future field"));
        output.WriteTag(ItemContent.KindFieldNumber, WireFormat.WireType.Varint);
        output.WriteEnum((int)ItemKind.Offer);
        output.Flush();
        byte[] bytes = [.. canonical, .. extra.ToArray()];
        var item = MineRaw(bytes);

        var reserialized = ItemContent.Parser.ParseFrom(item.Content).ToByteArray();
        var result = _validator.Validate(item, Now);

        Assert.False(reserialized.AsSpan().SequenceEqual(item.Content.Span));
        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(ItemId.Compute(item.Content.Span), result.Id);
    }

    private SignedItem MineRaw(byte[] prefix)
    {
        // Appends a pow_nonce field after the given bytes until the proof of work holds (the last one wins in protobuf).
        for (ulong nonce = 0; ; nonce++)
        {
            var stream = new MemoryStream();
            stream.Write(prefix);
            var output = new CodedOutputStream(stream);
            output.WriteTag(ItemContent.PowNonceFieldNumber, WireFormat.WireType.Varint);
            output.WriteUInt64(nonce);
            output.Flush();
            var bytes = stream.ToArray();
            if (ProofOfWork.Meets(ItemId.Compute(bytes), ItemPolicy.TestingDifficultyBits))
            {
                return ItemBuilder.SignBytes(_author, bytes);
            }
        }
    }

    [Fact]
    public void Unspecified_kind_is_unknown()
    {
        AssertRejected(_builder.Sign(_author, Content(ItemKind.Unspecified)), ItemRejection.UnknownKind);
    }

    [Fact]
    public void Future_kind_number_is_unknown()
    {
        AssertRejected(_builder.Sign(_author, Content((ItemKind)42)), ItemRejection.UnknownKind);
    }

    [Fact]
    public void Oversized_offer_is_too_large()
    {
        AssertRejected(_builder.Sign(_author, Content(bodyBytes: 16 * 1024)), ItemRejection.TooLarge);
    }

    [Fact]
    public void Content_beyond_frame_size_is_too_large_before_parsing()
    {
        var item = new SignedItem { Content = ByteString.CopyFrom(new byte[P2PProtocol.MaxFrameBytes + 1]), Signature = ByteString.CopyFrom(new byte[64]) };

        AssertRejected(item, ItemRejection.TooLarge);
    }

    [Fact]
    public void Creation_beyond_clock_skew_is_created_in_future()
    {
        AssertRejected(_builder.Sign(_author, Content(created: Now + TimeSpan.FromMinutes(11))), ItemRejection.CreatedInFuture);
    }

    [Fact]
    public void Creation_within_clock_skew_is_accepted()
    {
        var result = _validator.Validate(_builder.Sign(_author, Content(created: Now + TimeSpan.FromMinutes(9))), Now);

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public void Past_expiry_is_expired()
    {
        AssertRejected(_builder.Sign(_author, Content(created: Now - TimeSpan.FromDays(2), ttl: TimeSpan.FromDays(1))), ItemRejection.Expired);
    }

    [Fact]
    public void Expiry_exactly_now_is_expired()
    {
        AssertRejected(_builder.Sign(_author, Content(created: Now - TimeSpan.FromDays(1), ttl: TimeSpan.FromDays(1))), ItemRejection.Expired);
    }

    [Fact]
    public void Offer_living_longer_than_30_days_has_ttl_too_long()
    {
        AssertRejected(_builder.Sign(_author, Content(ttl: TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1))), ItemRejection.TtlTooLong);
    }

    [Fact]
    public void Mailbox_living_longer_than_14_days_has_ttl_too_long()
    {
        using var recipient = NodeIdentity.Generate();
        var item = _builder.BuildMailbox(_author, recipient.EncryptionPublicKey, "hi"u8, Now, TimeSpan.FromDays(15));

        AssertRejected(item, ItemRejection.TtlTooLong);
    }

    [Fact]
    public void Unmined_item_has_insufficient_proof_of_work()
    {
        var strict = new ItemValidator(ItemPolicy.WithDifficulty(16));
        var item = ItemBuilder.SignBytes(_author, ItemBuilder.Mine(Content(), 0));
        var zeroBits = ProofOfWork.LeadingZeroBits(ItemId.Compute(item.Content.Span).Span);
        Assert.True(zeroBits < 16, "the unmined content happened to meet 16 bits");

        var result = strict.Validate(item, Now);

        Assert.Equal(ItemRejection.InsufficientProofOfWork, result.Rejection);
    }

    [Fact]
    public void Mined_item_meets_the_policy_difficulty()
    {
        var builder = new ItemBuilder(ItemPolicy.WithDifficulty(8));

        var item = builder.Build(_author, ItemKind.Offer, "k", 1, [], Now, TimeSpan.FromDays(1));

        Assert.True(ProofOfWork.LeadingZeroBits(ItemId.Compute(item.Content.Span).Span) >= 8);
        Assert.True(new ItemValidator(ItemPolicy.WithDifficulty(8)).Validate(item, Now).IsValid);
    }

    [Fact]
    public void Node_profile_with_bad_encryption_key_is_malformed()
    {
        var body = new NodeProfileBody { EncryptionKey = ByteString.CopyFrom(new byte[31]) };
        var item = _builder.Build(_author, ItemKind.NodeProfile, string.Empty, 1, body.ToByteArray(), Now, TimeSpan.FromDays(1));

        AssertRejected(item, ItemRejection.Malformed);
    }

    [Fact]
    public void Node_profile_is_accepted_with_parsed_body()
    {
        var item = _builder.BuildNodeProfile(_author, ["127.0.0.1:9735"], "alice", 1, Now);

        var result = _validator.Validate(item, Now);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal("127.0.0.1:9735", Assert.Single(result.NodeProfile!.Addresses));
        Assert.True(result.NodeProfile.EncryptionKey.Span.SequenceEqual(_author.EncryptionPublicKey));
    }

    [Fact]
    public void Tombstone_with_wrong_key_is_malformed()
    {
        var body = new TombstoneBody { RemovedKind = ItemKind.Offer, RemovedKey = "offer-1" };
        var item = _builder.Build(_author, ItemKind.Tombstone, "offer-2", 1, body.ToByteArray(), Now, TimeSpan.FromDays(1));

        AssertRejected(item, ItemRejection.Malformed);
    }

    [Fact]
    public void Tombstone_of_a_tombstone_is_malformed()
    {
        AssertRejected(_builder.BuildTombstone(_author, ItemKind.Tombstone, "x", 1, Now), ItemRejection.Malformed);
    }

    [Fact]
    public void Mailbox_with_short_nonce_is_malformed()
    {
        var body = new MailboxBody { Recipient = ByteString.CopyFrom(new byte[32]), EphemeralKey = ByteString.CopyFrom(new byte[32]), Nonce = ByteString.CopyFrom(new byte[12]), Ciphertext = ByteString.CopyFrom(new byte[40]) };
        var item = _builder.Build(_author, ItemKind.Mailbox, "m", 1, body.ToByteArray(), Now, TimeSpan.FromDays(1));

        AssertRejected(item, ItemRejection.Malformed);
    }

    [Fact]
    public void Fuzzed_items_are_rejected_or_accepted_without_exceptions()
    {
        var random = new Random(1234);
        var good = _builder.Build(_author, ItemKind.Offer, "offer-1", 1, new byte[40], Now, TimeSpan.FromDays(1)).ToByteArray();
        var rejected = 0;
        for (var i = 0; i < 3000; i++)
        {
            byte[] bytes;
            if (i % 3 == 0)
            {
                bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
            }
            else
            {
                bytes = (byte[])good.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                if (i % 7 == 0)
                {
                    bytes = bytes[..random.Next(bytes.Length)];
                }
            }

            SignedItem item;
            try
            {
                item = SignedItem.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                continue;
            }

            var result = _validator.Validate(item, Now);
            if (!result.IsValid)
            {
                rejected++;
                Assert.NotNull(result.Rejection);
            }
        }

        Assert.True(rejected > 1000, $"only {rejected} fuzzed items were rejected");
    }

    [Fact]
    public void Fuzzed_content_signed_by_its_author_is_rejected_or_accepted_without_exceptions()
    {
        // Mutated content re-signed by the author gets past the signature, so the later rules and the body parsers
        // of node profiles, tombstones and mailbox items see the garbage.
        using var recipient = NodeIdentity.Generate();
        var lax = new ItemValidator(ItemPolicy.WithDifficulty(0));
        var templates = new[]
        {
            _builder.Build(_author, ItemKind.Offer, "offer-1", 1, new byte[40], Now, TimeSpan.FromDays(1)),
            _builder.BuildNodeProfile(_author, ["127.0.0.1:1", "[::1]:2"], "name", 1, Now),
            _builder.BuildTombstone(_author, ItemKind.Listing, "listing-1", 1, Now),
            _builder.BuildMailbox(_author, recipient.EncryptionPublicKey, "hello"u8, Now),
        }.Select(t => ItemContent.Parser.ParseFrom(t.Content).ToByteArray()).ToArray();
        var random = new Random(777);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 4000; i++)
        {
            var bytes = (byte[])templates[i % templates.Length].Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (i % 5 == 0)
            {
                bytes = bytes[..random.Next(1, bytes.Length)];
            }

            var result = lax.Validate(ItemBuilder.SignBytes(_author, bytes), Now);
            var outcome = result.Rejection?.ToString() ?? "Valid";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault(nameof(ItemRejection.Malformed)) > 100);
        Assert.True(outcomes.GetValueOrDefault("Valid") > 100);
    }

    [Fact]
    public void Absurd_times_are_rejected_without_exceptions()
    {
        var content = Content();
        content.CreatedUnixMs = long.MaxValue - 1;
        content.ExpiresUnixMs = long.MaxValue;
        var future = _builder.Sign(_author, content);
        var longLived = Content();
        longLived.ExpiresUnixMs = long.MaxValue;

        Assert.Equal(ItemRejection.CreatedInFuture, _validator.Validate(future, Now).Rejection);
        Assert.Equal(ItemRejection.TtlTooLong, _validator.Validate(_builder.Sign(_author, longLived), Now).Rejection);
    }
}
