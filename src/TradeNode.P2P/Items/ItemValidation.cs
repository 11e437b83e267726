using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The outcome of <see cref="ItemValidator.Validate"/>: either a valid item with its parsed content (and parsed body
/// for node profiles, tombstones and mailbox items), or the first rule it broke.
/// </summary>
public sealed class ItemValidation
{
    internal ItemValidation(ItemId id, SignedItem item, ItemRejection rejection, string detail)
    {
        Id = id;
        Item = item;
        Rejection = rejection;
        Detail = detail;
    }

    internal ItemValidation(ItemId id, SignedItem item, ItemContent content, NodeKey author, NodeProfileBody? nodeProfile, TombstoneBody? tombstone, MailboxBody? mailbox)
    {
        Id = id;
        Item = item;
        Content = content;
        Author = author;
        NodeProfile = nodeProfile;
        Tombstone = tombstone;
        Mailbox = mailbox;
    }

    public ItemId Id { get; }

    public SignedItem Item { get; }

    public bool IsValid => Rejection is null;

    /// <summary>The parsed content of a valid item (null when rejected).</summary>
    public ItemContent? Content { get; }

    /// <summary>The author of a valid item.</summary>
    public NodeKey Author { get; }

    public NodeProfileBody? NodeProfile { get; }

    public TombstoneBody? Tombstone { get; }

    public MailboxBody? Mailbox { get; }

    public ItemRejection? Rejection { get; }

    public string? Detail { get; }

    /// <summary>The store's answer for a rejected item.</summary>
    public ItemAcceptance ToRejection() =>
        Rejection is { } rejection ? ItemAcceptance.Rejected(Id, rejection, Detail ?? string.Empty) : throw new InvalidOperationException("The item is valid.");
}
