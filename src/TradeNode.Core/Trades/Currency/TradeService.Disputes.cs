using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService : IDisputableTrades
{
    /// <summary>
    /// Moves the trade to <see cref="TradeState.Disputed"/> for the dispute service: when this node opens the dispute
    /// (<paramref name="openedHere"/>), only once the deposit is published and before the payout is; when the
    /// counterparty did, also from <see cref="TradeState.DepositSigned"/> (its deposit notice may still be on the way).
    /// Idempotent for a trade already disputed.
    /// </summary>
    public async Task<CurrencyTrade> MarkDisputedAsync(string tradeId, bool openedHere, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trade = Get(tradeId);
            if (trade.State == TradeState.Disputed)
            {
                return trade;
            }

            if (!trade.CanBeDisputed || (openedHere && trade.State == TradeState.DepositSigned))
            {
                throw new PreconditionFailedException($"Trade {tradeId} is {trade.State}; a dispute can be opened once the deposit is published and before the payout is.");
            }

            trade.OpenDispute(_time.GetUtcNow());
            _logger.LogInformation("Trade {TradeId}: disputed", tradeId);
            Save(trade);
            return trade;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The dispute's payout <paramref name="payoutTxid"/> is confirmed: the trade ends <see cref="TradeState.Resolved"/>.</summary>
    public async Task<CurrencyTrade> MarkResolvedAsync(string tradeId, string payoutTxid, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trade = Get(tradeId);
            if (trade.State == TradeState.Disputed)
            {
                trade.ResolveDispute(payoutTxid, _time.GetUtcNow());
                ReleaseReservation(trade);
                _logger.LogInformation("Trade {TradeId}: resolved by the dispute payout {Txid}", tradeId, payoutTxid);
                Save(trade);
            }

            return trade;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The contract of <paramref name="trade"/> with both traders' signatures, as the arbitrator receives it.</summary>
    public static SignedTradeContract SignedContractOf(CurrencyTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        if (trade.Contract.Length == 0 || trade.MakerSignature.Length == 0 || trade.TakerSignature.Length == 0)
        {
            throw new PreconditionFailedException($"Trade {trade.Id} has no contract signed by both traders yet.");
        }

        var contract = ContractOf(trade);
        var (buyer, seller) = contract.BuyerIsMaker ? (trade.MakerSignature, trade.TakerSignature) : (trade.TakerSignature, trade.MakerSignature);
        return new SignedTradeContract
        {
            Contract = Google.Protobuf.ByteString.CopyFrom(trade.Contract),
            BuyerSignature = Google.Protobuf.ByteString.CopyFrom(buyer),
            SellerSignature = Google.Protobuf.ByteString.CopyFrom(seller),
        };
    }

    /// <inheritdoc/>
    public DisputableEscrow? FindDisputable(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Find(id) is not { Contract.Length: > 0 } trade)
        {
            return null;
        }

        var contract = ContractOf(trade);
        var (buyer, seller) = contract.BuyerIsMaker ? (trade.MakerSignature, trade.TakerSignature) : (trade.TakerSignature, trade.MakerSignature);
        var signed = new SignedTradeContract
        {
            Contract = Google.Protobuf.ByteString.CopyFrom(trade.Contract),
            BuyerSignature = Google.Protobuf.ByteString.CopyFrom(buyer),
            SellerSignature = Google.Protobuf.ByteString.CopyFrom(seller),
        };
        OutPoint? deposit = trade.DepositTxid.Length > 0 ? new OutPoint(UInt256.Parse(trade.DepositTxid), 0) : null;
        return new DisputableEscrow(trade.Id, trade.Side == TradeSide.Buyer ? EscrowRole.Buyer : EscrowRole.Seller, signed, deposit,
            contract.SellerPayoutScript.ToByteArray(), trade.PayoutPsbt);
    }

    /// <inheritdoc/>
    async Task IDisputableTrades.MarkDisputedAsync(string id, bool openedHere, CancellationToken cancellationToken) =>
        await MarkDisputedAsync(id, openedHere, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    async Task IDisputableTrades.MarkResolvedAsync(string id, string payoutTxid, CancellationToken cancellationToken) =>
        await MarkResolvedAsync(id, payoutTxid, cancellationToken).ConfigureAwait(false);
}
