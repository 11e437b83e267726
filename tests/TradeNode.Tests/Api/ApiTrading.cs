using Grpc.Core;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Tests.P2P;
using V1 = TradeNode.Api.V1;

namespace TradeNode.Tests.Api;

/// <summary>
/// Steps of a currency trade between node processes, shared by the trade and dispute process tests: moving coins,
/// reading balances and trades, waiting for a state, measuring a transaction's fee on the chain, and bringing a
/// taken sell offer to DEPOSIT_CONFIRMED.
/// </summary>
internal static class ApiTrading
{
    public const string MakerAccount = "IBAN DE89 3704 0044 0532 0130 00 (maker)";
    public const string TakerAccount = "IBAN FR14 2004 1010 0505 0001 3M02 606 (taker)";
    public const string Password = "correct horse battery";
    public const long Coin = 100_000_000;
    public static readonly TimeSpan TradeTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Wallets on all three nodes, the arbitrator registered and funded by mining, 5 BTC sent to the maker and the
    /// taker and confirmed, both traders knowing the arbitrator. Answers the arbitrator's mnemonic.
    /// </summary>
    public static async Task<string> SetUpMarketAsync(ApiNodeProcess arbitrator, ApiNodeProcess maker, ApiNodeProcess taker)
    {
        var mnemonic = (await arbitrator.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password })).Mnemonic;
        await maker.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await taker.Wallet.CreateAsync(new V1.CreateWalletRequest { Password = Password });
        await arbitrator.Arbitrators.RegisterAsync(new V1.RegisterArbitratorRequest { Name = "Ada", FeeBps = 100, Languages = { "en" } });
        await arbitrator.Wallet.FundAsync(new V1.FundRequest());
        await SendAsync(arbitrator, maker, 5 * Coin);
        await SendAsync(arbitrator, taker, 5 * Coin);
        await arbitrator.Wallet.FundAsync(new V1.FundRequest { Blocks = 1 });
        await Eventually.TrueAsync(async () => (await Balance(maker)).ConfirmedSats == 5 * Coin && (await Balance(taker)).ConfirmedSats == 5 * Coin, "maker and taker see their coins confirmed", TradeTimeout);
        await Eventually.TrueAsync(async () => await KnowsArbitratorAsync(maker, arbitrator.NodeId) && await KnowsArbitratorAsync(taker, arbitrator.NodeId), "maker and taker learn the arbitrator", TradeTimeout);
        return mnemonic;
    }

    /// <summary>
    /// The maker offers <paramref name="amount"/> for sale, the taker takes it with <paramref name="arbitrator"/>, the
    /// deposit reaches the mempool, one block is mined to nobody's wallet, and both see DEPOSIT_CONFIRMED. Answers the trade id.
    /// </summary>
    public static async Task<string> TakeToDepositConfirmedAsync(ChainProcess chain, ApiNodeProcess maker, ApiNodeProcess taker, ApiNodeProcess arbitrator, long amount)
    {
        var offerRequest = ApiOffers.Sell(amount, arbitrator.NodeId);
        offerRequest.PaymentAccount = MakerAccount;
        var offer = (await maker.Offers.CreateAsync(offerRequest)).Offer;
        await Eventually.TrueAsync(async () => (await taker.Offers.ListAsync(new V1.ListOffersRequest())).Offers.Any(o => o.OfferId == offer.OfferId), "the offer reaches the taker", TradeTimeout);
        var request = new V1.TakeOfferRequest { OfferId = offer.OfferId, AmountSats = amount, ArbitratorNodeId = arbitrator.NodeId, PaymentAccount = TakerAccount };
        var id = (await taker.Trades.TakeOfferAsync(request)).Trade.TradeId;
        await WaitForStateAsync(maker, id, V1.TradeState.DepositPublished, V1.TradeState.DepositConfirmed);
        var depositTxid = (await Get(maker, id)).DepositTxid;
        await Eventually.TrueAsync(async () => (await chain.Client.GetMempoolTxidsAsync()).Any(t => t.ToString() == depositTxid), "the deposit reaches the mempool", TradeTimeout);
        await MineAsync(chain, 1);
        await WaitForStateAsync(taker, id, V1.TradeState.DepositConfirmed);
        await WaitForStateAsync(maker, id, V1.TradeState.DepositConfirmed);
        return id;
    }

    /// <summary>Mines <paramref name="blocks"/> to a key nobody holds, so no test wallet's balance moves.</summary>
    public static async Task MineAsync(ChainProcess chain, int blocks) =>
        await chain.Client.GenerateToScriptAsync(blocks, new Key().PubKey.GetScriptPubKey(ScriptPubKeyType.Segwit));

    public static async Task<V1.Balance> Balance(ApiNodeProcess node) => await node.Wallet.GetBalanceAsync(new V1.GetBalanceRequest());

    public static async Task<V1.Trade> Get(ApiNodeProcess node, string id) => await node.Trades.GetAsync(new V1.GetTradeRequest { TradeId = id });

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
                V1.Trade trade;
                try
                {
                    trade = await node.Trades.GetAsync(new V1.GetTradeRequest { TradeId = id });
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
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
}
