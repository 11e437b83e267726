using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Trades.Disputes;

public sealed partial class DisputeService
{
    /// <summary>
    /// A trader opens a dispute of trade <paramref name="tradeId"/> with <paramref name="reason"/>: allowed once the
    /// deposit is published and before the payout is. The trade moves to <see cref="TradeState.Disputed"/> (its normal
    /// steps are blocked), the arbitrator receives the contract with both signatures, the deposit and the reason, and
    /// the counterparty is told. Opening again while open answers the dispute as it is; after the arbitrator refused
    /// the case, opening again sends it anew.
    /// <para>A goods order the vendor never signed (<see cref="DisputableEscrow.BuyerOnly"/>) is opened by its buyer
    /// only, with the contract signed by the buyer alone, once the order source allows it (the vendor refused without
    /// a refund it could sign, or did not answer within the response period): a buyer-only case, decided as a refund
    /// to the buyer only.</para>
    /// </summary>
    public async Task<Dispute> OpenAsync(string tradeId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        reason = CheckText(reason, "reason", required: true);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (source, trade) = Disputable(tradeId);
            var existing = Find(tradeId);
            if (existing is not null && existing.State != DisputeState.Refused)
            {
                return existing;
            }

            var signed = trade.Contract;
            var buyerOnly = trade.BuyerOnly && signed.SellerSignature.IsEmpty;
            if (buyerOnly && trade.Role != EscrowRole.Buyer)
            {
                throw new PreconditionFailedException($"Order {tradeId} is not accepted: only its buyer can open a dispute (the vendor declines or accepts it instead).");
            }

            if (signed.BuyerSignature.IsEmpty || (signed.SellerSignature.IsEmpty && !buyerOnly))
            {
                throw new PreconditionFailedException($"Trade {tradeId} has no contract signed by both parties yet (a goods vendor signs when it accepts).");
            }

            var contract = TradeContract.Parser.ParseFrom(signed.Contract);
            await source.MarkDisputedAsync(tradeId, openedHere: true, cancellationToken).ConfigureAwait(false);
            var escrowOutput = trade.Escrow ?? throw new PreconditionFailedException($"Trade {tradeId} has no published escrow to dispute.");
            var now = _time.GetUtcNow();
            var role = trade.Role;
            var dispute = Dispute.StartTrader(tradeId, role, role, reason, signed.ToByteArray(), Hex(escrowOutput.Hash), now, escrowOutput.N, trade.SellerPayoutScript, buyerOnly);
            var opened = new DisputeMessage { TradeId = tradeId, Opened = CaseFor(dispute, trade, reason, now) };
            var counterparty = role == EscrowRole.Buyer ? contract.SellerNodeKey : contract.BuyerNodeKey;
            var notice = new DisputeMessage { TradeId = tradeId, Notice = new DisputeNotice { Reason = reason, BuyerOnly = buyerOnly } };
            _logger.LogInformation("Trade {TradeId}: dispute opened", tradeId);
            await SaveAndSendAsync(dispute, [(contract.ArbitratorNodeKey, opened), (counterparty, notice)], cancellationToken).ConfigureAwait(false);
            return dispute;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The case a trader sends the arbitrator: the signed contract, the escrow output, the reason and the chat
    /// transcript; a seller (goods vendor) adds where its share goes when the contract does not say.
    /// </summary>
    private DisputeOpened CaseFor(Dispute dispute, DisputableEscrow trade, string reason, DateTimeOffset now) => new()
    {
        Contract = trade.Contract,
        DepositTxid = ByteString.CopyFrom(UInt256.Parse(dispute.DepositTxid).ToBytes()),
        DepositIndex = dispute.DepositIndex,
        Reason = reason,
        ChatTranscript = ByteString.CopyFrom(TranscriptFor(dispute.Id)),
        CreatedUnixMs = now.ToUnixTimeMilliseconds(),
        SellerPayoutScript = trade.Role == EscrowRole.Seller ? ByteString.CopyFrom(trade.SellerPayoutScript) : ByteString.Empty,
        BuyerOnly = dispute.BuyerOnly,
    };

    /// <summary>A trader adds a statement or evidence to its open dispute; it goes to the arbitrator.</summary>
    public async Task<Dispute> AddEvidenceAsync(string tradeId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        text = CheckText(text, "text", required: true);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dispute = Get(tradeId);
            if (dispute.Role == EscrowRole.Arbitrator)
            {
                throw new PreconditionFailedException("The arbitrator decides; evidence comes from the traders.");
            }

            var now = _time.GetUtcNow();
            dispute.AddEvidence(dispute.Role, text, now, now);
            var message = new DisputeMessage { TradeId = tradeId, Evidence = new DisputeEvidence { Text = text, CreatedUnixMs = now.ToUnixTimeMilliseconds() } };
            var arbitrator = ContractOf(dispute).ArbitratorNodeKey;
            var outbox = dispute.Outbox.Select(o => (ByteString.CopyFrom(o.Recipient), DisputeMessage.Parser.ParseFrom(o.Message))).Append((arbitrator, message)).ToList();
            await SaveAndSendAsync(dispute, outbox, cancellationToken).ConfigureAwait(false);
            return dispute;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A trader accepts the arbitrator's decision: re-derives the escrow from its own copy of the contract, checks its
    /// key is in it, checks every output against the decision and the contract (buyer and seller paid to the contract's
    /// payout scripts, the arbitrator's fee at most the contract's rate, a sane mining fee, all summing to the escrow)
    /// and the arbitrator's signature, then co-signs, finalizes and broadcasts. A refusal is recorded on the dispute
    /// and nothing is signed.
    /// </summary>
    public Task<Dispute> AcceptAsync(string tradeId, CancellationToken cancellationToken = default) => AcceptAsync(tradeId, null, cancellationToken);

    private async Task<Dispute> AcceptAsync(string tradeId, PSBT? signedElsewhere, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dispute = Get(tradeId);
            if (dispute.Role == EscrowRole.Arbitrator)
            {
                throw new PreconditionFailedException("Only a trader accepts the decision; the arbitrator signs it with Resolve or SubmitPsbt.");
            }

            if (dispute.State is DisputeState.PayoutPublished or DisputeState.Resolved)
            {
                return dispute;
            }

            if (dispute.State != DisputeState.Decided)
            {
                throw new PreconditionFailedException($"The dispute of trade {tradeId} is {dispute.State}; the arbitrator has not decided yet.");
            }

            var now = _time.GetUtcNow();
            var trade = Disputable(tradeId).Trade;
            var contract = trade.ParsedContract();
            var myKey = EscrowKey(tradeId);
            var escrow = TradeContracts.ToCheckedEscrow(contract, Network, myKey.PubKey, checkSellerKey: !dispute.BuyerOnly);
            var funding = trade.Escrow ?? throw new PreconditionFailedException($"Trade {tradeId} has no published escrow.");
            var problems = CheckDecision(dispute, contract, escrow, funding, trade.SellerPayoutScript, out var payout);
            Transaction? transaction = null;
            if (problems.Count == 0)
            {
                if (signedElsewhere is null)
                {
                    payout!.SignWithKeys(myKey);
                }
                else
                {
                    payout = MergeExternalSignature(payout!, signedElsewhere, escrow, myKey.PubKey);
                }

                if (payout.TryFinalize(out var errors))
                {
                    transaction = payout.ExtractTransaction();
                }
                else
                {
                    problems.Add("The payout cannot be finalized: " + string.Join("; ", errors.Select(e => e.ToString())));
                }
            }

            if (problems.Count > 0)
            {
                var reason = "The arbitrator's payout was refused: " + string.Join(" ", problems);
                dispute.Fail(reason, now);
                _logger.LogWarning("Dispute of {TradeId}: {Reason}", tradeId, reason);
                Save(dispute);
                throw new PreconditionFailedException(reason);
            }

            var result = await _chain.BroadcastAsync(transaction!, cancellationToken).ConfigureAwait(false);
            if (!result.Accepted && await _chain.GetTransactionAsync(transaction!.GetHash(), cancellationToken).ConfigureAwait(false) is null)
            {
                throw new PreconditionFailedException($"The chain refused the payout: {result.RejectReason}");
            }

            dispute.PublishPayout(transaction!.ToBytes(), now);
            var published = new DisputeMessage
            {
                TradeId = tradeId,
                PayoutPublished = new DisputePayoutPublished { Txid = ByteString.CopyFrom(transaction.GetHash().ToBytes()), Transaction = ByteString.CopyFrom(transaction.ToBytes()) },
            };
            var other = dispute.Role == EscrowRole.Buyer ? contract.SellerNodeKey : contract.BuyerNodeKey;
            _logger.LogInformation("Dispute of {TradeId}: payout {Txid} co-signed and published", tradeId, dispute.PayoutTxid);
            await SaveAndSendAsync(dispute, [(contract.ArbitratorNodeKey, published), (other, published)], cancellationToken).ConfigureAwait(false);
            return dispute;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Everything wrong with the decided payout of <paramref name="dispute"/>, as sentences; the parsed PSBT when it parses.</summary>
    private List<string> CheckDecision(Dispute dispute, TradeContract contract, EscrowContract escrow, OutPoint funding, byte[] sellerPayoutScript, out PSBT? payout)
    {
        var problems = new List<string>();
        if (!PSBT.TryLoad(dispute.PayoutPsbt, Network, out payout))
        {
            problems.Add("The payout PSBT does not parse.");
            return problems;
        }

        var maxFee = DisputeSplit.ArbitratorFee(escrow.AmountSats, contract.ArbitratorFeeBps);
        if (dispute.ArbitratorFeeSats < 0 || dispute.ArbitratorFeeSats > maxFee)
        {
            problems.Add($"The arbitrator's fee of {dispute.ArbitratorFeeSats} sats is more than the contract's {contract.ArbitratorFeeBps} basis points ({maxFee} sats).");
        }

        if (dispute.BuyerOnly && dispute.SellerSats != 0)
        {
            problems.Add($"A buyer-only dispute (the vendor never signed) can only refund the buyer, but the decision pays the seller {dispute.SellerSats} sats.");
        }

        var outputs = DisputeSplit.OutputCount(dispute.BuyerSats, dispute.SellerSats, dispute.ArbitratorFeeSats);
        if (dispute.MiningFeeSats <= 0 || outputs == 0 || _trades.FeeTooHigh(dispute.MiningFeeSats, EscrowTransactions.EstimatePayoutVirtualSize(outputs)))
        {
            problems.Add($"The payout's mining fee of {dispute.MiningFeeSats} sats is not acceptable.");
        }

        try
        {
            DisputeSplit.Check(escrow.AmountSats, dispute.BuyerSats, dispute.SellerSats, dispute.ArbitratorFeeSats, dispute.MiningFeeSats);
            var expected = DisputeSplit.Payouts(
                new Script(contract.BuyerPayoutScript.ToByteArray()), dispute.BuyerSats,
                new Script(sellerPayoutScript), dispute.SellerSats,
                dispute.ArbitratorScript.Length > 0 ? new Script(dispute.ArbitratorScript) : null, dispute.ArbitratorFeeSats);
            problems.AddRange(EscrowTransactions.CheckPayout(payout, escrow, funding, expected));
        }
        catch (InvalidInputException e)
        {
            problems.Add(e.Message);
        }

        if (!EscrowTransactions.HasValidSignature(payout, escrow, escrow.ArbitratorKey))
        {
            problems.Add("The payout does not carry a valid signature by the arbitrator's escrow key.");
        }

        return problems;
    }
}
