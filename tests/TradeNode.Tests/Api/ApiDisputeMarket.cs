using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// One market for the dispute process tests: a <c>tradenode chain</c> and three node processes (arbitrator, maker who
/// sells, taker who buys), set up for each test of <see cref="ApiDisputeTests"/>. After funding, 100 blocks go to nobody so every coinbase of the arbitrator is mature and later blocks move
/// no balance: each test can check all three wallets to the satoshi.
/// </summary>
public sealed class ApiDisputeMarket() : ApiProcessTestBase("dispute")
{
    internal ChainProcess Chain { get; private set; } = null!;

    internal ApiNodeProcess Arbitrator { get; private set; } = null!;

    /// <summary>Sells bitcoin (the offers' maker).</summary>
    internal ApiNodeProcess Seller { get; private set; } = null!;

    /// <summary>Buys bitcoin (takes the offers).</summary>
    internal ApiNodeProcess Buyer { get; private set; } = null!;

    /// <summary>The arbitrator's mnemonic, for signing offline.</summary>
    internal string ArbitratorMnemonic { get; private set; } = string.Empty;

    public override async Task InitializeAsync()
    {
        Chain = await StartChainAsync();
        string[] common = ["--insecure-kdf", "--item-pow-bits", "2", .. RpcArgs(Chain)];
        Arbitrator = await StartNodeAsync("arbitrator", common);
        var starting = new[] { StartNodeAsync("seller", [.. common, "--seed-peer", Arbitrator.P2PAddress]), StartNodeAsync("buyer", [.. common, "--seed-peer", Arbitrator.P2PAddress]) };
        Seller = await starting[0];
        Buyer = await starting[1];
        // The traders also link to each other, so a message between them never depends on one link to the arbitrator.
        await Buyer.Peers.AddAsync(new V1.AddPeerRequest { Address = Seller.P2PAddress });
        ArbitratorMnemonic = await ApiTrading.SetUpMarketAsync(Arbitrator, Seller, Buyer);
        await ApiTrading.MineAsync(Chain, 100);
    }

    /// <summary>The three wallets' confirmed balances once each has scanned to the chain's tip and has nothing unconfirmed.</summary>
    internal async Task<(long Buyer, long Seller, long Arbitrator)> SettledBalancesAsync()
    {
        var tip = (await Chain.Client.GetTipAsync()).Height;
        var balances = new long[3];
        var nodes = new[] { Buyer, Seller, Arbitrator };
        for (var i = 0; i < nodes.Length; i++)
        {
            var node = nodes[i];
            await Eventually.TrueAsync(
                async () =>
                {
                    var status = await node.Wallet.GetStatusAsync(new V1.GetWalletStatusRequest());
                    balances[Array.IndexOf(nodes, node)] = status.Balance.ConfirmedSats;
                    return status.ScannedHeight >= tip && status.Balance.UnconfirmedSats == 0 && status.Balance.ReservedSats == 0;
                },
                "the wallet has scanned to the tip with nothing unconfirmed or reserved",
                ApiTrading.TradeTimeout);
        }

        return (balances[0], balances[1], balances[2]);
    }
}
