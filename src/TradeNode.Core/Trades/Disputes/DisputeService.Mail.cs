using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Trades.Disputes;

public sealed partial class DisputeService
{
    /// <summary>Parses, authenticates and applies one dispute message; anything wrong is rejected and changes nothing.</summary>
    public async Task HandleMailAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        DisputeMessage message;
        try
        {
            message = DisputeMessage.Parser.ParseFrom(received.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Reject(string.Empty, received.Sender, "Not a dispute message.");
            return;
        }

        if (message.BodyCase == DisputeMessage.BodyOneofCase.None || string.IsNullOrEmpty(message.TradeId))
        {
            Reject(message.TradeId, received.Sender, "A dispute message without a trade id or body.");
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (message.BodyCase == DisputeMessage.BodyOneofCase.Opened)
            {
                await OnOpenedAsync(message.TradeId, received.Sender, message.Opened, cancellationToken).ConfigureAwait(false);
                return;
            }

            var dispute = Find(message.TradeId);
            if (dispute is null && message.BodyCase == DisputeMessage.BodyOneofCase.Transcript && TryDisputable(message.TradeId) is null)
            {
                HoldTranscript(message.TradeId, received.Sender, message.Transcript);
                return;
            }

            if (dispute is null || dispute.Role != EscrowRole.Arbitrator)
            {
                await OnTraderMessageAsync(dispute, message, received.Sender, cancellationToken).ConfigureAwait(false);
                return;
            }

            var contract = ContractOf(dispute);
            var from = received.Sender.Span.SequenceEqual(contract.BuyerNodeKey.Span) ? EscrowRole.Buyer
                : received.Sender.Span.SequenceEqual(contract.SellerNodeKey.Span) ? EscrowRole.Seller
                : (EscrowRole?)null;
            if (from is null)
            {
                Reject(dispute.Id, received.Sender, "Only the contract's buyer or seller writes to the arbitrator about this trade.");
                return;
            }

            switch (message.BodyCase)
            {
                case DisputeMessage.BodyOneofCase.Evidence when dispute.State == DisputeState.Open:
                    OnEvidence(dispute, from.Value, message.Evidence);
                    break;
                case DisputeMessage.BodyOneofCase.PayoutPublished:
                    OnPayoutPublished(dispute, received.Sender, message.PayoutPublished);
                    break;
                case DisputeMessage.BodyOneofCase.Transcript:
                    OnTranscript(dispute, from.Value, received.Sender, message.Transcript);
                    break;
                case DisputeMessage.BodyOneofCase.Evidence:
                    break; // Evidence after the decision changes nothing.
                default:
                    Reject(dispute.Id, received.Sender, $"A {message.BodyCase} message is not for the arbitrator.");
                    break;
            }
        }
        catch (Exception e) when (e is PreconditionFailedException or InvalidInputException or NotFoundException or FormatException or InvalidProtocolBufferException or ArgumentException)
        {
            Reject(message.TradeId, received.Sender, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Dispute message {MessageCase} for {TradeId} failed", message.BodyCase, message.TradeId);
            Reject(message.TradeId, received.Sender, "The message could not be handled now.");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A trader's node: the counterparty's notice, the arbitrator's decision or refusal, a payout publication.</summary>
    private async Task OnTraderMessageAsync(Dispute? dispute, DisputeMessage message, NodeKey sender, CancellationToken cancellationToken)
    {
        if (TryDisputable(message.TradeId) is not var (source, trade))
        {
            Reject(message.TradeId, sender, "No such trade or dispute here.");
            return;
        }

        var contract = trade.ParsedContract();
        var me = trade.Role;
        var counterparty = me == EscrowRole.Buyer ? contract.SellerNodeKey : contract.BuyerNodeKey;
        var fromCounterparty = sender.Span.SequenceEqual(counterparty.Span);
        var fromArbitrator = sender.Span.SequenceEqual(contract.ArbitratorNodeKey.Span);
        var allowed = message.BodyCase switch
        {
            DisputeMessage.BodyOneofCase.Notice => fromCounterparty,
            DisputeMessage.BodyOneofCase.Decision or DisputeMessage.BodyOneofCase.Refused => fromArbitrator,
            DisputeMessage.BodyOneofCase.PayoutPublished => fromCounterparty || fromArbitrator,
            _ => false,
        };
        if (!allowed)
        {
            Reject(trade.Id, sender, $"A {message.BodyCase} message for this trade may only come from the contract's party that sends it.");
            return;
        }

        var now = _time.GetUtcNow();
        if (message.BodyCase is DisputeMessage.BodyOneofCase.Notice or DisputeMessage.BodyOneofCase.Decision && (dispute is null || dispute.State == DisputeState.Refused))
        {
            // The counterparty opened it (its notice, or the decision that overtook it): this node joins the dispute.
            await source.MarkDisputedAsync(trade.Id, openedHere: false, cancellationToken).ConfigureAwait(false);
            var reason = message.BodyCase == DisputeMessage.BodyOneofCase.Notice ? CheckText(message.Notice.Reason, "reason", required: false) : string.Empty;
            var escrowOutput = trade.Escrow ?? throw new PreconditionFailedException("This trade has no published escrow.");
            // Buyer-only: the vendor never signed (or its acceptance crossed the buyer's notice); the decision is a refund only.
            var buyerOnly = trade.BuyerOnly || (message.BodyCase == DisputeMessage.BodyOneofCase.Notice && message.Notice.BuyerOnly);
            dispute = Dispute.StartTrader(trade.Id, me, me == EscrowRole.Buyer ? EscrowRole.Seller : EscrowRole.Buyer, reason, trade.Contract.ToByteArray(),
                Hex(escrowOutput.Hash), now, escrowOutput.N, trade.SellerPayoutScript, buyerOnly);
            _logger.LogInformation("Trade {TradeId}: the counterparty opened a {Kind}dispute", trade.Id, buyerOnly ? "buyer-only " : string.Empty);
            // The arbitrator gets this trader's own transcript of the chat too (the opener's came with the case).
            List<(ByteString, DisputeMessage)> joining = [(contract.ArbitratorNodeKey, TranscriptMessage(trade.Id))];
            if (me == EscrowRole.Seller && !buyerOnly && contract.SellerPayoutScript.IsEmpty && message.BodyCase == DisputeMessage.BodyOneofCase.Notice)
            {
                // A goods vendor's payout destination is not in the contract: it tells the arbitrator with its own case.
                joining.Insert(0, (contract.ArbitratorNodeKey, new DisputeMessage { TradeId = trade.Id, Opened = CaseFor(dispute, trade, reason, now) }));
            }

            await SaveAndSendAsync(dispute, joining, cancellationToken).ConfigureAwait(false);
        }

        if (dispute is null)
        {
            Reject(trade.Id, sender, "No dispute of this trade here.");
            return;
        }

        switch (message.BodyCase)
        {
            case DisputeMessage.BodyOneofCase.Decision when dispute.State == DisputeState.Open:
                var decision = message.Decision;
                var psbt = Bitcoin.Psbt.PSBT.Load(decision.PayoutPsbt.Span, Network);
                dispute.ReceiveDecision(decision.BuyerSats, decision.SellerSats, decision.ArbitratorFeeSats, decision.ArbitratorPayoutScript.ToByteArray(), decision.MiningFeeSats,
                    CheckText(decision.Note, "note", required: false), decision.PayoutPsbt.ToByteArray(), Hex(psbt.GetGlobalTransaction().GetHash()), now);
                _logger.LogInformation("Dispute of {TradeId}: the arbitrator decided (buyer {Buyer}, seller {Seller} sats)", trade.Id, decision.BuyerSats, decision.SellerSats);
                Save(dispute);
                break;
            case DisputeMessage.BodyOneofCase.Refused when dispute.State == DisputeState.Open:
                if (message.Refused.DepositTxid.Length != 32 || Hex(new UInt256(message.Refused.DepositTxid.Span)) != dispute.DepositTxid)
                {
                    Reject(trade.Id, sender, "The refusal is about another case of this trade.");
                    break;
                }

                dispute.Refuse(CheckText(message.Refused.Reason, "reason", required: false), now);
                Save(dispute);
                break;
            case DisputeMessage.BodyOneofCase.PayoutPublished:
                OnPayoutPublished(dispute, sender, message.PayoutPublished);
                break;
        }
    }

    /// <summary>Another party broadcast the decided payout: recorded (with the transaction, to broadcast it again) once it is this dispute's payout.</summary>
    private void OnPayoutPublished(Dispute dispute, NodeKey sender, DisputePayoutPublished message)
    {
        if (dispute.State != DisputeState.Decided)
        {
            return;
        }

        if (message.Txid.Length != 32 || Hex(new UInt256(message.Txid.Span)) != dispute.PayoutTxid)
        {
            Reject(dispute.Id, sender, "The published payout is not the decided payout of this dispute.");
            return;
        }

        byte[] transaction = [];
        if (message.Transaction.Length > 0 && Transaction.TryFromBytes(message.Transaction.Memory, out var tx) && Hex(tx.GetHash()) == dispute.PayoutTxid)
        {
            transaction = tx.ToBytes();
        }

        dispute.PublishPayout(transaction, _time.GetUtcNow());
        Save(dispute);
    }
}
