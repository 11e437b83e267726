using TradeNode.P2P.Items;

namespace TradeNode.P2P.Bundles;

/// <summary>What importing a bundle did with each item, in file order.</summary>
public sealed record BundleImportResult(IReadOnlyList<ItemAcceptance> Results)
{
    public int Stored => Results.Count(r => r.Status == ItemAcceptanceStatus.Stored);

    public int Duplicates => Results.Count(r => r.Status == ItemAcceptanceStatus.Duplicate);

    public int Rejected => Results.Count(r => r.Status == ItemAcceptanceStatus.Rejected);
}
