using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The outcome of offering an item to the store: stored (with the ids it replaced or removed), already known, or
/// rejected with a reason and a sentence.
/// </summary>
public sealed record ItemAcceptance(ItemId Id, ItemAcceptanceStatus Status, ItemRejection? Rejection = null, string? Detail = null, IReadOnlyList<ItemId>? Removed = null)
{
    public bool IsStored => Status == ItemAcceptanceStatus.Stored;

    public static ItemAcceptance Stored(ItemId id, IReadOnlyList<ItemId> removed) => new(id, ItemAcceptanceStatus.Stored, Removed: removed);

    public static ItemAcceptance Duplicate(ItemId id) => new(id, ItemAcceptanceStatus.Duplicate);

    public static ItemAcceptance Rejected(ItemId id, ItemRejection rejection, string detail) => new(id, ItemAcceptanceStatus.Rejected, rejection, detail);
}
