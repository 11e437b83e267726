using Grpc.Core;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>Helpers of the currency trade process tests: balances, trade states, fees read from the chain.</summary>
internal static class ApiTrades
{
    public const string Password = "correct horse battery";
    public const long OneBtc = 100_000_000;
    public const string MakerAccount = "IBAN DE89 3704 0044 0532 0130 00 (maker)";
    public const string TakerAccount = "IBAN FR14 2004 1010 0505 0001 3M02 606 (taker)";
    public static readonly TimeSpan TradeTimeout = TimeSpan.FromSeconds(90);

    public static V1.TakeOfferRequest Take(string offerId, long amount, string arbitratorNodeId) =>
        new() { OfferId = offerId, AmountSats = amount, ArbitratorNodeId = arbitratorNodeId, PaymentAccount = TakerAccount };

    public static async Task<V1.Balance> Balance(ApiNodeProcess node) => await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());

    public static async Task<V1.Trade> Get(ApiNodeProcess node, string id) => await node.Trades.GetAsync(new V1.GetTradeRequest { TradeId = id });

    /// <summary>The trade on <paramref name="node"/>, or null while the node does not know it.</summary>
    public static async Task<V1.Trade?> FindAsync(ApiNodeProcess node, string id)
    {
        try
        {
            return await Get(node, id);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public static async Task SendAsync(ApiNodeProcess from, ApiNodeProcess to, long sats)
    {
        var address = (await to.Wallet.NewAddressAsync(new V1.NewAddressRequest())).Address;
        await from.Wallet.SendAsync(new V1.SendRequest { Address = address, AmountSats = sats, FeeRateSatPerVb = 2 });
    }

    public static async Task<bool> KnowsArbitratorAsync(ApiNodeProcess node, string arbitratorId) =>
        (await node.Arbitrators.ListAsync(new V1.ListArbitratorsRequest())).Arbitrators.Any(a => a.NodeId == arbitratorId);

    public static async Task<bool> SeesConfirmedAsync(ApiNodeProcess node, string txid) =>
        (await node.Wallet.ListTransactionsAsync(new V1.ListTransactionsRequest())).Transactions.Any(t => t.Txid == txid && t.Confirmations >= 1)
        && (await Balance(node)).UnconfirmedSats == 0;

    /// <summary>Waits until the node knows the trade and it is in one of <paramref name="states"/>; fails at once if it closes otherwise.</summary>
    public static Task WaitForStateAsync(ApiNodeProcess node, string id, params V1.TradeState[] states) =>
        Eventually.TrueAsync(
            async () =>
            {
                var trade = await FindAsync(node, id);
                if (trade is null)
                {
                    return false; // The maker learns the trade when the take request arrives.
                }

                Assert.False(trade.IsClosed && !states.Contains(trade.State), $"The trade closed as {trade.State}: {trade.LastError}");
                return states.Contains(trade.State);
            },
            $"the trade reaches {string.Join(" or ", states)}",
            TradeTimeout);

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

    public static async Task<List<V1.TradeState>> ReadUntilCompletedAsync(IAsyncStreamReader<V1.Trade> stream, CancellationToken cancellationToken)
    {
        var states = new List<V1.TradeState>();
        while (await stream.MoveNext(cancellationToken))
        {
            states.Add(stream.Current.State);
            if (stream.Current.State == V1.TradeState.Completed)
            {
                break;
            }
        }

        return states;
    }
}
