using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode node info</c>: version, identity, network, chain tip, peers and wallet state of the running node.</summary>
internal sealed class NodeInfoCommand : ClientCommand
{
    public NodeInfoCommand()
        : base("info", "Show the running node's version, id, network, chain tip, peers and wallet state.", "tradenode node info", "tradenode node info --datadir ~/.tradenode/alice --json")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var info = await context.Connection.Node.GetInfoAsync(new GetInfoRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(info, () => new Fields()
            .Add("Node id", info.NodeId)
            .Add("Identity", IdentityText(info.IdentitySource))
            .Add("Name", Display.OrDash(info.Name))
            .Add("Version", info.Version)
            .Add("Network", info.Network)
            .Add("Chain", $"{info.ChainBackend}, height {info.ChainHeight.ToString(CultureInfo.InvariantCulture)}, tip {info.ChainTipHash}")
            .Add("P2P address", info.P2PAddress)
            .Add("Peers", info.PeerCount.ToString(CultureInfo.InvariantCulture))
            .Add("Items", info.ItemCount.ToString(CultureInfo.InvariantCulture))
            .Add("Wallet", !info.WalletExists ? "none (tradenode wallet create)" : info.WalletUnlocked ? "unlocked" : "locked")
            .Add("Arbitrator", Display.YesNo(info.IsArbitrator))
            .Add("Started", Display.Time(info.StartedAt))
            .Add("API", context.Connection.Endpoint.ToString())
            .Write(context.Output));
    }

    private static string IdentityText(NodeIdentitySource source) => source switch
    {
        NodeIdentitySource.Provisional => "provisional (replaced by the wallet's when one is created or restored)",
        NodeIdentitySource.Wallet => "from the wallet seed (the mnemonic restores it)",
        NodeIdentitySource.Legacy => "random, from before wallet-derived identities (back up node.seed)",
        NodeIdentitySource.AwaitingUnlock => "stand-in: node.seed lost; unlock the wallet to restore the wallet's identity",
        _ => "unknown",
    };
}
