using TradeNode.P2P.Protocol;

namespace TradeNode.Node;

/// <summary>Item kinds as written on the command line and in the control API: offer, listing, node-profile, ...</summary>
public static class ItemKindNames
{
    private static readonly Dictionary<string, ItemKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["offer"] = ItemKind.Offer,
        ["listing"] = ItemKind.Listing,
        ["arbitrator-profile"] = ItemKind.ArbitratorProfile,
        ["node-profile"] = ItemKind.NodeProfile,
        ["rating"] = ItemKind.Rating,
        ["tombstone"] = ItemKind.Tombstone,
        ["mailbox"] = ItemKind.Mailbox,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string? name, out ItemKind kind)
    {
        kind = ItemKind.Unspecified;
        return name is not null && ByName.TryGetValue(name.Trim(), out kind);
    }

    public static string ToName(ItemKind kind) => ByName.FirstOrDefault(pair => pair.Value == kind).Key ?? ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
