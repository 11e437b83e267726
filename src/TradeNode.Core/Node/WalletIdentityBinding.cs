using TradeNode.Core.Errors;
using TradeNode.Core.Wallet;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Node;

/// <summary>
/// The runtime's side of the wallet-derived identity: the P2P node takes the identity the wallet hands over, live
/// (<see cref="P2P.P2PNode.SwitchIdentityAsync"/>), unless the node already has something under its current key that
/// a new key would orphan.
/// </summary>
internal sealed class WalletIdentityBinding(NodeRuntime runtime) : INodeIdentityBinding
{
    public NodeKey CurrentKey => runtime.P2P.Identity.PublicKey;

    /// <summary>
    /// A node without a wallet has published nothing but its profile (offers, listings and an arbitrator profile need
    /// a wallet), so this refuses only a data directory whose wallet was removed while its market items and trades
    /// stayed: they carry the current key, and restoring a wallet with another identity would leave them without an
    /// owner. Restoring the wallet whose identity the node runs under already is always allowed.
    /// </summary>
    public void EnsureCanAdopt(NodeKey walletNodeKey)
    {
        var current = runtime.P2P.Identity;
        if (walletNodeKey == current.PublicKey)
        {
            return;
        }

        var held = new List<string>();
        if (runtime.Offers.ListMine().Count > 0)
        {
            held.Add("offers");
        }

        if (runtime.Listings.ListMine().Count > 0)
        {
            held.Add("listings");
        }

        if (runtime.Arbitrators.IsKnown(current.Id))
        {
            held.Add("an arbitrator profile");
        }

        if (runtime.Trades.List().Count > 0)
        {
            held.Add("trades");
        }

        if (held.Count > 0)
        {
            throw new PreconditionFailedException(
                $"This data directory holds {string.Join(", ", held)} under node id {current.Id}, and this wallet's seed derives node id " +
                $"{walletNodeKey.Id}: taking it would leave them without their owner. Create or restore the wallet in a new data directory.");
        }
    }

    public Task AdoptAsync(byte[] nodeSeed, CancellationToken cancellationToken = default) => runtime.P2P.SwitchIdentityAsync(nodeSeed, cancellationToken);
}
