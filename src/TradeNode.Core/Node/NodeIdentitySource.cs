namespace TradeNode.Core.Node;

/// <summary>Where the identity the node runs under comes from (<see cref="NodeRuntime.IdentitySource"/>).</summary>
public enum NodeIdentitySource
{
    /// <summary>No wallet yet: a random identity in DATADIR/node.seed, replaced by the wallet's when one is created or restored.</summary>
    Provisional,

    /// <summary>Derived from the wallet seed: restoring the wallet from its mnemonic restores this node id.</summary>
    Wallet,

    /// <summary>
    /// The wallet was made before node identities came from the wallet: the node keeps its random identity (back up
    /// node.seed with the mnemonic), so its offers, listings and trades keep their author.
    /// </summary>
    Legacy,

    /// <summary>
    /// The wallet derives another identity than DATADIR/node.seed holds (the file was lost or replaced): the node runs
    /// under a stand-in until the wallet is unlocked, which restores the wallet's identity.
    /// </summary>
    AwaitingUnlock,
}
