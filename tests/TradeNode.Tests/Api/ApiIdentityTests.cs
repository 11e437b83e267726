using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// The node identity comes from the wallet seed, in real node processes: a node starts under a provisional identity,
/// takes the wallet's when the wallet is created (live, its peers reconnect and see the new id), keeps it across a
/// restart without the password, and a node restored from the mnemonic on a fresh data directory gets the same id.
/// </summary>
[Collection(NodeProcessCollection.Name)]
public sealed class ApiIdentityTests() : ApiProcessTestBase("identity")
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task A_node_restored_from_the_mnemonic_on_a_fresh_data_directory_has_the_node_id_of_the_one_created()
    {
        var a = await StartNodeAsync("a", "--insecure-kdf");
        var b = await StartNodeAsync("b", "--insecure-kdf", "--seed-peer", a.P2PAddress);
        var provisional = a.StartNodeId;
        await EventuallyAsync(async () => (await b.Peers.ListAsync(new V1.ListPeersRequest())).Peers.Any(p => p.NodeId == provisional), "b connects to a");
        var before = await a.Node.GetInfoAsync(new V1.GetInfoRequest());

        var created = await a.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });

        var after = await a.Node.GetInfoAsync(new V1.GetInfoRequest());
        Assert.Equal(V1.NodeIdentitySource.Provisional, before.IdentitySource);
        Assert.NotEqual(provisional, created.NodeId);
        Assert.Equal(created.NodeId, after.NodeId);
        Assert.Equal(V1.NodeIdentitySource.Wallet, after.IdentitySource);
        await EventuallyAsync(
            async () => (await b.Peers.ListAsync(new V1.ListPeersRequest())).Peers is var peers && peers.Any(p => p.NodeId == created.NodeId) && peers.All(p => p.NodeId != provisional),
            "b, connected before the switch, sees a under its new id only");

        var c = await StartNodeAsync("c", "--insecure-kdf");
        var restored = await c.Wallet.RestoreAsync(new V1.RestoreWalletRequest { Mnemonic = created.Mnemonic, Password = Password, BirthdayHeight = 0 });
        var restoredInfo = await c.Node.GetInfoAsync(new V1.GetInfoRequest());

        Assert.NotEqual(created.NodeId, c.StartNodeId);
        Assert.Equal(created.NodeId, restored.NodeId);
        Assert.Equal(created.NodeId, restoredInfo.NodeId);
        Assert.Equal(V1.NodeIdentitySource.Wallet, restoredInfo.IdentitySource);

        await a.StopAsync();
        var restarted = await StartNodeAsync("a", "--insecure-kdf");
        var restartedInfo = await restarted.Node.GetInfoAsync(new V1.GetInfoRequest());
        Assert.Equal(created.NodeId, restarted.StartNodeId);
        Assert.False(restartedInfo.WalletUnlocked);
        Assert.Equal(V1.NodeIdentitySource.Wallet, restartedInfo.IdentitySource);
    }
}
