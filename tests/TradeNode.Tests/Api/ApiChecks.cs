using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>Questions the process tests ask of nodes and of the chain, shared by the trade and order tests.</summary>
internal static class ApiChecks
{
    /// <summary>Inputs minus outputs of <paramref name="txid"/>, read from the chain.</summary>
    public static async Task<long> FeeAsync(ChainProcess chain, string txid)
    {
        var tx = (await chain.Client.GetTransactionAsync(UInt256.Parse(txid)))!.Transaction;
        long inputs = 0;
        foreach (var input in tx.Inputs)
        {
            var previous = (await chain.Client.GetTransactionAsync(input.PrevOut.Hash))!.Transaction;
            inputs += previous.Outputs[(int)input.PrevOut.N].Value.Satoshi;
        }

        return inputs - tx.TotalOut.Satoshi;
    }

    /// <summary>True when <paramref name="node"/> knows the arbitrator profile of <paramref name="arbitratorId"/>.</summary>
    public static async Task<bool> KnowsArbitratorAsync(ApiNodeProcess node, string arbitratorId) =>
        (await node.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorId);

    /// <summary>The node's wallet balance.</summary>
    public static async Task<V1.Balance> BalanceAsync(ApiNodeProcess node) => await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());
}
