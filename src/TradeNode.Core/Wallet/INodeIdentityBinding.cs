using TradeNode.P2P.Identity;

namespace TradeNode.Core.Wallet;

/// <summary>
/// The node's side of the identity the wallet derives (<see cref="NodeIdentitySeed"/>): the wallet, which alone sees its
/// seed, hands the node seed over when it is created or restored, and on unlock when the node runs under another
/// identity (its node.seed was lost). <see cref="Node.NodeRuntime"/> implements it over the P2P node.
/// </summary>
public interface INodeIdentityBinding
{
    /// <summary>The key the node runs under now.</summary>
    NodeKey CurrentKey { get; }

    /// <summary>
    /// Throws <see cref="Errors.PreconditionFailedException"/> when the node cannot move to <paramref name="walletNodeKey"/>
    /// because things it published or agreed under its current key would be orphaned (offers, listings, an arbitrator
    /// profile, trades). Called before the wallet is saved, so a refusal changes nothing.
    /// </summary>
    void EnsureCanAdopt(NodeKey walletNodeKey);

    /// <summary>Makes the node run under the identity of <paramref name="nodeSeed"/> now and at every later start.</summary>
    Task AdoptAsync(byte[] nodeSeed, CancellationToken cancellationToken = default);
}
