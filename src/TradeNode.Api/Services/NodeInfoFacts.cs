using TradeNode.Api.V1;
using TradeNode.Core.Node;
using CoreIdentitySource = TradeNode.Core.Node.NodeIdentitySource;
using IdentitySource = TradeNode.Api.V1.NodeIdentitySource;

namespace TradeNode.Api.Services;

/// <summary>The wallet, identity and arbitrator facts of GetInfo, from the Core services of the runtime.</summary>
internal static class NodeInfoFacts
{
    public static void Fill(GetInfoResponse response, NodeRuntime runtime)
    {
        response.WalletExists = runtime.Wallet.Exists;
        response.WalletUnlocked = runtime.Wallet.IsUnlocked;
        var self = runtime.P2P.Identity.Id;
        response.IsArbitrator = runtime.Arbitrators.List().Any(p => p.NodeId == self);
        response.IdentitySource = runtime.IdentitySource switch
        {
            CoreIdentitySource.Provisional => IdentitySource.Provisional,
            CoreIdentitySource.Wallet => IdentitySource.Wallet,
            CoreIdentitySource.Legacy => IdentitySource.Legacy,
            CoreIdentitySource.AwaitingUnlock => IdentitySource.AwaitingUnlock,
            _ => IdentitySource.Unspecified,
        };
    }
}
