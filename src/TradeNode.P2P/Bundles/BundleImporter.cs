using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Bundles;

/// <summary>
/// Imports a bundle's items through <see cref="IItemStore.AddRange"/>, so they are validated exactly as if a peer had
/// sent them: each is stored, a duplicate, or rejected with its reason; nothing invalid is stored.
/// </summary>
public static class BundleImporter
{
    public static BundleImportResult Import(IItemStore store, Bundle bundle, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(bundle);
        return new BundleImportResult(store.AddRange(bundle.Items, now));
    }
}
