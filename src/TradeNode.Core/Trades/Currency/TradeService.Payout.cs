using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    /// <summary>Buyer: the fiat payment was sent. Needs the deposit confirmed; tells the seller.</summary>
    public async Task<CurrencyTrade> ConfirmPaymentSentAsync(string tradeId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trade = Get(tradeId);
            if (trade.Side != TradeSide.Buyer)
            {
                throw new PreconditionFailedException($"This node sells the bitcoin in trade {tradeId}; only the buyer says the payment was sent.");
            }

            if (trade.State == TradeState.PaymentSent)
            {
                return trade;
            }

            trade.MarkPaymentSent(_time.GetUtcNow());
            _logger.LogInformation("Trade {TradeId}: payment sent", tradeId);
            await SaveAndSendAsync(trade, new TradeMessage { TradeId = tradeId, PaymentSent = new PaymentSent() }, cancellationToken).ConfigureAwait(false);
            return trade;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Seller: the fiat payment arrived. Builds the payout (buyer: amount + buyer deposit; seller: seller deposit;
    /// the mining fee split in half), checks it against the contract, signs it with this node's escrow key and sends
    /// it to the buyer, who co-signs and broadcasts it.
    /// </summary>
    public async Task<CurrencyTrade> ConfirmPaymentReceivedAsync(string tradeId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trade = Get(tradeId);
            if (trade.Side != TradeSide.Seller)
            {
                throw new PreconditionFailedException($"This node buys the bitcoin in trade {tradeId}; only the seller confirms the payment.");
            }

            if (trade.State is not (TradeState.DepositConfirmed or TradeState.PaymentSent))
            {
                throw new PreconditionFailedException($"Trade {tradeId} is {trade.State}; the payment can be confirmed once the deposit is confirmed.");
            }

            var contract = ContractOf(trade);
            var escrow = CheckedEscrow(contract);
            var funding = new OutPoint(UInt256.Parse(trade.DepositTxid), 0);
            var feeRate = await FeeRateAsync(cancellationToken).ConfigureAwait(false);
            var fee = feeRate.GetFee(EscrowTransactions.EstimatePayoutVirtualSize(2)).Satoshi;
            var payouts = CurrencyTradeTerms.Payouts(contract, fee);
            var payout = EscrowTransactions.CreatePayout(escrow, funding, payouts);
            var problems = EscrowTransactions.CheckPayout(payout, escrow, funding, payouts);
            if (problems.Count > 0)
            {
                throw new PreconditionFailedException("The payout does not match the contract: " + string.Join(" ", problems));
            }

            payout.SignWithKeys(EscrowKey(trade.Id));
            trade.ProposePayout(payout.ToBytes(), Hex(payout.GetGlobalTransaction().GetHash()), _time.GetUtcNow());
            _logger.LogInformation("Trade {TradeId}: payment received, payout {Txid} signed", tradeId, trade.PayoutTxid);
            await SaveAndSendAsync(trade, new TradeMessage { TradeId = tradeId, PayoutProposal = new PayoutProposal { PayoutPsbt = ByteString.CopyFrom(payout.ToBytes()) } }, cancellationToken).ConfigureAwait(false);
            return trade;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Seller: the buyer says it paid.</summary>
    private async Task OnPaymentSentAsync(CurrencyTrade trade, CancellationToken cancellationToken)
    {
        if (trade.State is TradeState.DepositSigned or TradeState.DepositPublished)
        {
            // The buyer saw the confirmation first: look at the chain now rather than lose the message.
            await CheckChainAsync(trade, cancellationToken).ConfigureAwait(false);
        }

        if (trade.State != TradeState.DepositConfirmed)
        {
            if (trade.State is TradeState.DepositSigned or TradeState.DepositPublished)
            {
                Reject(trade.Id, NodeKey.Create(trade.PeerKey), "Payment sent before the deposit is confirmed here.");
            }

            return;
        }

        trade.MarkPaymentSent(_time.GetUtcNow());
        _logger.LogInformation("Trade {TradeId}: the buyer says the payment was sent", trade.Id);
        Save(trade);
    }

    /// <summary>Buyer: the seller's signed payout. Checked against the contract, co-signed, broadcast.</summary>
    private async Task OnPayoutProposalAsync(CurrencyTrade trade, PayoutProposal message, CancellationToken cancellationToken)
    {
        if (trade.State is not (TradeState.DepositConfirmed or TradeState.PaymentSent))
        {
            return;
        }

        var now = _time.GetUtcNow();
        var contract = ContractOf(trade);
        var escrow = CheckedEscrow(contract);
        var funding = new OutPoint(UInt256.Parse(trade.DepositTxid), 0);
        var problems = new List<string>();
        Transaction? transaction = null;
        if (!PSBT.TryLoad(message.PayoutPsbt.Span, Network, out var payout))
        {
            problems.Add("The payout PSBT does not parse.");
        }
        else
        {
            var outputs = payout.GetGlobalTransaction().Outputs.Sum(o => o.Value.Satoshi);
            var fee = escrow.AmountSats - outputs;
            if (fee <= 0 || FeeTooHigh(fee, EscrowTransactions.EstimatePayoutVirtualSize(2)))
            {
                problems.Add($"The payout's mining fee of {fee} sats is not acceptable.");
            }
            else
            {
                problems.AddRange(EscrowTransactions.CheckPayout(payout, escrow, funding, CurrencyTradeTerms.Payouts(contract, fee)));
            }

            if (problems.Count == 0)
            {
                payout.SignWithKeys(EscrowKey(trade.Id));
                if (payout.TryFinalize(out var errors))
                {
                    transaction = payout.ExtractTransaction();
                }
                else
                {
                    problems.Add("The payout lacks the seller's signature: " + string.Join("; ", errors.Select(e => e.ToString())));
                }
            }
        }

        if (problems.Count > 0)
        {
            var reason = "The seller's payout was refused: " + string.Join(" ", problems);
            trade.Fail(reason, now);
            _logger.LogWarning("Trade {TradeId}: {Reason}", trade.Id, reason);
            Save(trade);
            return;
        }

        trade.ProposePayout(message.PayoutPsbt.ToByteArray(), Hex(transaction!.GetHash()), now);
        trade.PublishPayout(transaction.ToBytes(), now);
        var published = new TradeMessage { TradeId = trade.Id, PayoutPublished = new PayoutPublished { Txid = ByteString.CopyFrom(transaction.GetHash().ToBytes()) } };
        trade.RecordOutgoing(published.ToByteArray(), now);
        Save(trade);
        await BroadcastAsync(trade.Id, transaction, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Trade {TradeId}: payout {Txid} published", trade.Id, trade.PayoutTxid);
        await SendAsync(trade.PeerKey, published.ToByteArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Seller: the buyer broadcast the payout.</summary>
    private void OnPayoutPublished(CurrencyTrade trade, PayoutPublished message)
    {
        if (trade.State != TradeState.PayoutProposed)
        {
            return;
        }

        if (message.Txid.Length != 32 || Hex(new UInt256(message.Txid.Span)) != trade.PayoutTxid)
        {
            Reject(trade.Id, NodeKey.Create(trade.PeerKey), "The published payout is not the payout of this trade.");
            return;
        }

        trade.PublishPayout([], _time.GetUtcNow());
        Save(trade);
    }

    /// <summary>Rebuilds the escrow from the stored contract and checks this node's key is in it.</summary>
    internal EscrowContract CheckedEscrow(TradeContract contract) => TradeContracts.ToCheckedEscrow(contract, Network, EscrowKey(contract.TradeId).PubKey);
}
