using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Protocol;
using TradeNode.Core.Trades.Ratings;

namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// Currency trades as rateable trades: the buyer is this node when it is on the buyer side; the signed contract
/// pairs the maker's and taker's signatures with buyer and seller; the escrow outpoint is the deposit's output that
/// pays the contract's escrow script.
/// </summary>
public sealed class TradeRatingSource(TradeService trades, Network network) : IRatingTradeSource
{
    /// <inheritdoc/>
    public RateableTrade? Find(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (trades.Find(tradeId) is not { } trade)
        {
            return null;
        }

        SignedTradeContract? signed = null;
        OutPoint? escrow = null;
        if (trade.Contract.Length > 0 && trade.MakerSignature.Length > 0 && trade.TakerSignature.Length > 0)
        {
            try
            {
                var contract = TradeContract.Parser.ParseFrom(trade.Contract);
                var (buyerSignature, sellerSignature) = contract.BuyerIsMaker ? (trade.MakerSignature, trade.TakerSignature) : (trade.TakerSignature, trade.MakerSignature);
                signed = new SignedTradeContract
                {
                    Contract = ByteString.CopyFrom(trade.Contract),
                    BuyerSignature = ByteString.CopyFrom(buyerSignature),
                    SellerSignature = ByteString.CopyFrom(sellerSignature),
                };
                escrow = EscrowOutPoint(trade, contract);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or FormatException or ArgumentException)
            {
                signed = null;
            }
        }

        return new RateableTrade(trade.Id, trade.Side == TradeSide.Buyer, trade.State == TradeState.Completed, signed, escrow, string.Empty);
    }

    private OutPoint? EscrowOutPoint(CurrencyTrade trade, TradeContract contract)
    {
        if (trade.DepositPsbt.Length == 0)
        {
            return null;
        }

        var deposit = PSBT.Load(trade.DepositPsbt, network).GetGlobalTransaction();
        var script = TradeContracts.ToEscrow(contract, network).ScriptPubKey;
        for (var i = 0; i < deposit.Outputs.Count; i++)
        {
            if (deposit.Outputs[i].ScriptPubKey == script)
            {
                return new OutPoint(deposit.GetHash(), (uint)i);
            }
        }

        return null;
    }
}
