using Google.Protobuf;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// Checks one signed item on its own (no store state), in a fixed order, and names the first rule broken:
/// <see cref="ItemRejection.Malformed"/> (protobuf, key and signature lengths, key length, times),
/// <see cref="ItemRejection.BadSignature"/> (Ed25519 over the exact received content bytes, never a re-serialization),
/// <see cref="ItemRejection.UnknownKind"/>, <see cref="ItemRejection.TooLarge"/>,
/// <see cref="ItemRejection.CreatedInFuture"/> (beyond the clock-skew bound), <see cref="ItemRejection.Expired"/>,
/// <see cref="ItemRejection.TtlTooLong"/>, <see cref="ItemRejection.InsufficientProofOfWork"/>, and last the body
/// of node profiles, tombstones and mailbox items (<see cref="ItemRejection.Malformed"/>). Content larger than a
/// frame is <see cref="ItemRejection.TooLarge"/> before anything is parsed. Stateless and thread-safe.
/// </summary>
public sealed class ItemValidator
{
    /// <summary>Items are signed over this tag followed by the content bytes, so that no other signature of the key can pass as an item.</summary>
    private static readonly byte[] SigningTag = "tradenode/item/v1\n"u8.ToArray();

    public ItemValidator(ItemPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    public ItemPolicy Policy { get; }

    /// <summary>The bytes an item's author signs: the domain tag, then the content bytes.</summary>
    public static byte[] SigningMessage(ReadOnlySpan<byte> content)
    {
        var message = new byte[SigningTag.Length + content.Length];
        SigningTag.CopyTo(message, 0);
        content.CopyTo(message.AsSpan(SigningTag.Length));
        return message;
    }

    public ItemValidation Validate(SignedItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Validate(item, ItemId.Compute(item.Content.Span), now);
    }

    /// <summary>Validates <paramref name="item"/> whose id (the hash of its content) the caller already computed.</summary>
    internal ItemValidation Validate(SignedItem item, ItemId id, DateTimeOffset now)
    {
        var contentBytes = item.Content.Span;
        ItemValidation Reject(ItemRejection rejection, string detail) => new(id, item, rejection, detail);

        if (contentBytes.Length > P2PProtocol.MaxFrameBytes)
        {
            return Reject(ItemRejection.TooLarge, $"The item content is {contentBytes.Length} bytes, more than a frame ({P2PProtocol.MaxFrameBytes}).");
        }

        if (contentBytes.Length == 0)
        {
            return Reject(ItemRejection.Malformed, "The item has no content.");
        }

        ItemContent content;
        try
        {
            content = ItemContent.Parser.ParseFrom(item.Content);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Reject(ItemRejection.Malformed, $"The item content is not a valid ItemContent message: {e.Message}");
        }

        if (!NodeKey.TryCreate(content.Author.Span, out var author))
        {
            return Reject(ItemRejection.Malformed, $"The item author is not a {NodeKey.Length}-byte Ed25519 public key ({content.Author.Length} bytes).");
        }

        if (item.Signature.Length != NodeKey.SignatureLength)
        {
            return Reject(ItemRejection.Malformed, $"The item signature is {item.Signature.Length} bytes, not {NodeKey.SignatureLength}.");
        }

        var maxKeyLength = content.Kind == ItemKind.Tombstone ? ItemPolicy.MaxKeyLength + 12 : ItemPolicy.MaxKeyLength;
        if (content.Key.Length > maxKeyLength)
        {
            return Reject(ItemRejection.Malformed, $"The item key is {content.Key.Length} characters, more than {maxKeyLength}.");
        }

        if (content.CreatedUnixMs <= 0)
        {
            return Reject(ItemRejection.Malformed, "The item has no creation time.");
        }

        if (content.ExpiresUnixMs <= content.CreatedUnixMs)
        {
            return Reject(ItemRejection.Malformed, "The item expires before it was created.");
        }

        if (!author.Verify(SigningMessage(contentBytes), item.Signature.Span))
        {
            return Reject(ItemRejection.BadSignature, $"The signature does not verify with the author key {author.Id}.");
        }

        if (Policy.For(content.Kind) is not { } rules)
        {
            return Reject(ItemRejection.UnknownKind, $"The item kind {(int)content.Kind} is not one this node accepts.");
        }

        if (contentBytes.Length > rules.MaxContentBytes)
        {
            return Reject(ItemRejection.TooLarge, $"The {content.Kind} item is {contentBytes.Length} bytes, more than the {rules.MaxContentBytes} allowed.");
        }

        var nowMs = now.ToUnixTimeMilliseconds();
        if (content.CreatedUnixMs > nowMs + (long)Policy.MaxClockSkew.TotalMilliseconds)
        {
            return Reject(ItemRejection.CreatedInFuture, $"The item was created {Duration(content.CreatedUnixMs - nowMs)} in the future, more than the {Policy.MaxClockSkew} clock skew allowed.");
        }

        if (content.ExpiresUnixMs <= nowMs)
        {
            return Reject(ItemRejection.Expired, "The item has expired.");
        }

        var ttl = content.ExpiresUnixMs - content.CreatedUnixMs;
        if (ttl > (long)rules.MaxTtl.TotalMilliseconds)
        {
            return Reject(ItemRejection.TtlTooLong, $"The {content.Kind} item lives {Duration(ttl)}, more than the {rules.MaxTtl} allowed.");
        }

        var zeroBits = ProofOfWork.LeadingZeroBits(id.Span);
        if (zeroBits < rules.DifficultyBits)
        {
            return Reject(ItemRejection.InsufficientProofOfWork, $"The item id has {zeroBits} leading zero bits; {content.Kind} items need {rules.DifficultyBits}.");
        }

        NodeProfileBody? profile = null;
        TombstoneBody? tombstone = null;
        MailboxBody? mailbox = null;
        try
        {
            switch (content.Kind)
            {
                case ItemKind.NodeProfile:
                    profile = NodeProfileBody.Parser.ParseFrom(content.Body);
                    if (CheckNodeProfile(content, profile) is { } profileProblem)
                    {
                        return Reject(ItemRejection.Malformed, profileProblem);
                    }

                    break;
                case ItemKind.Tombstone:
                    tombstone = TombstoneBody.Parser.ParseFrom(content.Body);
                    if (CheckTombstone(content, tombstone) is { } tombstoneProblem)
                    {
                        return Reject(ItemRejection.Malformed, tombstoneProblem);
                    }

                    break;
                case ItemKind.Mailbox:
                    mailbox = MailboxBody.Parser.ParseFrom(content.Body);
                    if (MailboxCrypto.CheckShape(mailbox) is { } mailboxProblem)
                    {
                        return Reject(ItemRejection.Malformed, mailboxProblem);
                    }

                    break;
                default:
                    break;
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            return Reject(ItemRejection.Malformed, $"The {content.Kind} item body is not valid protobuf: {e.Message}");
        }

        return new ItemValidation(id, item, content, author, profile, tombstone, mailbox);
    }

    private static string Duration(long milliseconds) =>
        milliseconds < (long)TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(milliseconds).ToString()
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{milliseconds} ms");

    private static string? CheckNodeProfile(ItemContent content, NodeProfileBody profile)
    {
        if (content.Key.Length != 0)
        {
            return "A node profile has the empty key: one profile per node.";
        }

        if (profile.EncryptionKey.Length != 32)
        {
            return $"A node profile's encryption key is 32 bytes, not {profile.EncryptionKey.Length}.";
        }

        if (profile.Addresses.Count > NodeProfiles.MaxAddresses)
        {
            return $"A node profile lists at most {NodeProfiles.MaxAddresses} addresses, not {profile.Addresses.Count}.";
        }

        if (profile.Addresses.Any(a => a.Length is 0 or > NodeProfiles.MaxAddressLength))
        {
            return $"A node profile address is 1 to {NodeProfiles.MaxAddressLength} characters.";
        }

        if (profile.Name.Length > NodeProfiles.MaxNameLength)
        {
            return $"A node profile name is at most {NodeProfiles.MaxNameLength} characters.";
        }

        return null;
    }

    private static string? CheckTombstone(ItemContent content, TombstoneBody tombstone)
    {
        if (tombstone.RemovedKind is ItemKind.Unspecified or ItemKind.Tombstone || !Enum.IsDefined(tombstone.RemovedKind))
        {
            return $"A tombstone cannot remove items of kind {(int)tombstone.RemovedKind}.";
        }

        if (tombstone.RemovedKey.Length > ItemPolicy.MaxKeyLength)
        {
            return $"A tombstone's removed key is at most {ItemPolicy.MaxKeyLength} characters.";
        }

        var expected = ItemBuilder.TombstoneKey(tombstone.RemovedKind, tombstone.RemovedKey);
        if (content.Key != expected)
        {
            return $"A tombstone's key must be \"{expected}\" (the removed kind and key).";
        }

        return null;
    }
}
