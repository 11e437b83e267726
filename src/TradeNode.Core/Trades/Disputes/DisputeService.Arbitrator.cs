using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Fees;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Disputes;

public sealed partial class DisputeService
{
    /// <summary>
    /// The arbitrator decides the dispute of <paramref name="tradeId"/>: <paramref name="buyerSats"/> to the buyer's and
    /// <paramref name="sellerSats"/> to the seller's payout address (0: nothing), the arbitrator's fee (the contract's
    /// basis points of the escrow) to a new address of this wallet, and the mining fee measured at
    /// <paramref name="feeRate"/> (the chain's estimate when null). They must add up to the escrow exactly, otherwise
    /// <see cref="InvalidInputException"/> with the numbers. Builds the payout, signs it with the arbitrator's escrow key
    /// and sends the decision to both traders; with <paramref name="sign"/> false it waits for a signature made
    /// elsewhere (<see cref="GetPsbt"/>, <see cref="SubmitPsbtAsync"/>) and sends the decision then.
    /// </summary>
    public async Task<Dispute> ResolveAsync(string tradeId, long buyerSats, long sellerSats, string note, FeeRate? feeRate = null, bool sign = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        note = CheckText(note, "note", required: false);
        var rate = feeRate ?? await FeeRateAsync(cancellationToken).ConfigureAwait(false);
        if (rate.CompareTo(FeeRate.MinRelay) < 0)
        {
            throw new InvalidInputException("fee_rate_sat_per_vb", $"The fee rate {rate} is below the minimum relay fee rate {FeeRate.MinRelay}.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dispute = Get(tradeId);
            if (dispute.Role != EscrowRole.Arbitrator)
            {
                throw new PreconditionFailedException($"This node is a trader in trade {tradeId}; only the arbitrator decides a dispute.");
            }

            if (dispute.State != DisputeState.Open)
            {
                throw new PreconditionFailedException($"The dispute of trade {tradeId} is {dispute.State}; it is decided once.");
            }

            var contract = ContractOf(dispute);
            var escrow = TradeContracts.ToEscrow(contract, Network);
            var key = EscrowKey(tradeId);
            if (escrow.ArbitratorKey != key.PubKey)
            {
                throw new PreconditionFailedException("This node's escrow key is not the arbitrator key of the trade's escrow.");
            }

            if (dispute.BuyerOnly && sellerSats != 0)
            {
                throw new InvalidInputException("seller_sats", $"The vendor of order {tradeId} never signed its contract (a buyer-only dispute): the decision can only refund the buyer, so seller_sats must be 0, not {sellerSats}.");
            }

            if (sellerSats > 0 && dispute.SellerPayoutScript.Length == 0)
            {
                throw new PreconditionFailedException($"The seller (vendor) of trade {tradeId} has not named where its share goes yet; it does when it joins the dispute.");
            }

            var fee = DisputeSplit.ArbitratorFee(escrow.AmountSats, contract.ArbitratorFeeBps);
            var mining = DisputeSplit.MiningFee(rate, Math.Max(1, DisputeSplit.OutputCount(buyerSats, sellerSats, fee)));
            DisputeSplit.Check(escrow.AmountSats, buyerSats, sellerSats, fee, mining);
            var arbitratorScript = fee > 0 ? _wallet.NewAddress().ScriptPubKey : null;
            var payouts = DisputeSplit.Payouts(
                new Script(contract.BuyerPayoutScript.ToByteArray()), buyerSats,
                new Script(dispute.SellerPayoutScript), sellerSats,
                arbitratorScript, fee);
            var funding = Funding(dispute);
            var payout = EscrowTransactions.CreatePayout(escrow, funding, payouts);
            var problems = EscrowTransactions.CheckPayout(payout, escrow, funding, payouts);
            if (problems.Count > 0)
            {
                throw new PreconditionFailedException("The payout does not match the decision: " + string.Join(" ", problems));
            }

            if (sign)
            {
                payout.SignWithKeys(key);
            }

            var now = _time.GetUtcNow();
            dispute.Decide(buyerSats, sellerSats, fee, arbitratorScript?.ToBytes() ?? [], mining, note, payout.ToBytes(), Hex(payout.GetGlobalTransaction().GetHash()), sign, now);
            _logger.LogInformation("Dispute of {TradeId} decided: buyer {Buyer}, seller {Seller}, fee {Fee}, mining fee {Mining} sats; payout {Txid}{Signed}",
                tradeId, buyerSats, sellerSats, fee, mining, dispute.PayoutTxid, sign ? string.Empty : " (waiting for an offline signature)");
            if (sign)
            {
                await SaveAndSendDecisionAsync(dispute, contract, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Save(dispute);
            }

            return dispute;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dispute> SubmitArbitratorSignatureAsync(string tradeId, PSBT submitted, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var dispute = Get(tradeId);
            if (dispute.State is DisputeState.Decided or DisputeState.PayoutPublished or DisputeState.Resolved)
            {
                return dispute;
            }

            if (dispute.State != DisputeState.AwaitingSignature)
            {
                throw new PreconditionFailedException($"The dispute of trade {tradeId} is {dispute.State}; decide it (Resolve without signing) first.");
            }

            var contract = ContractOf(dispute);
            var escrow = TradeContracts.ToEscrow(contract, Network);
            var merged = MergeExternalSignature(PSBT.Load(dispute.PayoutPsbt, Network), submitted, escrow, escrow.ArbitratorKey);
            dispute.Sign(merged.ToBytes(), _time.GetUtcNow());
            _logger.LogInformation("Dispute of {TradeId}: the payout carries the arbitrator's signature made elsewhere", tradeId);
            await SaveAndSendDecisionAsync(dispute, contract, cancellationToken).ConfigureAwait(false);
            return dispute;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task SaveAndSendDecisionAsync(Dispute dispute, TradeContract contract, CancellationToken cancellationToken)
    {
        var decision = new DisputeMessage
        {
            TradeId = dispute.Id,
            Decision = new DisputeDecision
            {
                BuyerSats = dispute.BuyerSats,
                SellerSats = dispute.SellerSats,
                ArbitratorFeeSats = dispute.ArbitratorFeeSats,
                ArbitratorPayoutScript = ByteString.CopyFrom(dispute.ArbitratorScript),
                MiningFeeSats = dispute.MiningFeeSats,
                Note = dispute.Note,
                PayoutPsbt = ByteString.CopyFrom(dispute.PayoutPsbt),
            },
        };
        return SaveAndSendAsync(dispute, [(contract.BuyerNodeKey, decision), (contract.SellerNodeKey, decision)], cancellationToken);
    }

    /// <summary>
    /// Arbitrator: a trader sends the case. Accepted only when the contract parses and checks with both signatures
    /// (a buyer-only case: from the buyer, see <see cref="CheckBuyerOnlyCase"/>), names this node as arbitrator, the sender is its buyer or seller, this node's escrow key at the trade's index is
    /// the contract's arbitrator key, and the escrow output exists with the contract's script and amount. A case from
    /// a trader that fails a check is answered with the reason; one from anyone else is only rejected.
    /// </summary>
    private async Task OnOpenedAsync(string tradeId, NodeKey sender, DisputeOpened opened, CancellationToken cancellationToken)
    {
        if (Find(tradeId) is { } existing)
        {
            if (existing.Role != EscrowRole.Arbitrator)
            {
                Reject(tradeId, sender, "This node is a trader in this trade, not its arbitrator.");
            }
            else if (sender.Span.SequenceEqual(ContractOf(existing).SellerNodeKey.Span) && opened.SellerPayoutScript.Length is > 0 and <= MaxPayoutScriptLength
                && existing.SellerPayoutScript.Length == 0 && opened.Contract?.Contract == SignedTradeContract.Parser.ParseFrom(existing.SignedContract).Contract)
            {
                // The goods vendor joined the case the buyer opened: its payout destination, from itself only.
                existing.LearnSellerPayoutScript(opened.SellerPayoutScript.ToByteArray(), _time.GetUtcNow());
                _logger.LogInformation("Dispute of {TradeId}: the seller named its payout destination", tradeId);
                Save(existing);
            }
            else if (!sender.Span.SequenceEqual(ContractOf(existing).SellerNodeKey.Span) && !sender.Span.SequenceEqual(ContractOf(existing).BuyerNodeKey.Span))
            {
                Reject(tradeId, sender, "A dispute may only be opened by the contract's buyer or seller.");
            }

            return;
        }

        if (opened.Contract is null || !TryParseContract(opened.Contract, out var contract) || contract.TradeId != tradeId)
        {
            Reject(tradeId, sender, "The case carries no contract of this trade.");
            return;
        }

        EscrowRole openedBy;
        if (sender.Span.SequenceEqual(contract.BuyerNodeKey.Span))
        {
            openedBy = EscrowRole.Buyer;
        }
        else if (sender.Span.SequenceEqual(contract.SellerNodeKey.Span))
        {
            openedBy = EscrowRole.Seller;
        }
        else
        {
            Reject(tradeId, sender, "A dispute may only be opened by the contract's buyer or seller.");
            return;
        }

        var findings = string.Empty;
        List<string> problems;
        if (!opened.BuyerOnly)
        {
            problems = [.. TradeContracts.CheckSigned(opened.Contract, Network)];
        }
        else if (openedBy != EscrowRole.Buyer)
        {
            problems = ["Only the buyer opens a dispute of an order the vendor never signed."];
        }
        else
        {
            problems = CheckBuyerOnlyCase(opened.Contract, contract, out findings);
        }

        if (!_node.Identity.PublicKey.Span.SequenceEqual(contract.ArbitratorNodeKey.Span))
        {
            problems.Add("The contract names another arbitrator.");
        }

        if (problems.Count == 0 && !EscrowKey(tradeId).PubKey.ToBytes().AsSpan().SequenceEqual(contract.ArbitratorEscrowKey.Span))
        {
            problems.Add("The contract's arbitrator escrow key is not this arbitrator's key for the trade.");
        }

        var depositTxid = opened.DepositTxid.Length == 32 ? Hex(new UInt256(opened.DepositTxid.Span)) : string.Empty;
        if (depositTxid.Length == 0)
        {
            problems.Add("The case names no deposit transaction.");
        }

        if (problems.Count == 0)
        {
            var escrow = TradeContracts.ToEscrow(contract, Network);
            var output = await _chain.GetTxOutAsync(new OutPoint(UInt256.Parse(depositTxid), opened.DepositIndex), includeMempool: true, cancellationToken).ConfigureAwait(false);
            if (output is null || output.Output.ScriptPubKey != escrow.ScriptPubKey || output.Output.Value.Satoshi != escrow.AmountSats)
            {
                problems.Add($"The escrow output {depositTxid}:{opened.DepositIndex} of {escrow.AmountSats} sats to {escrow.Address} is not on chain unspent.");
            }
        }

        var reason = CheckText(opened.Reason, "reason", required: false);
        if (problems.Count > 0)
        {
            var refusal = "The arbitrator refused the case: " + string.Join(" ", problems);
            Reject(tradeId, sender, refusal);
            await SendAsync(sender.Span.ToArray(), new DisputeMessage { TradeId = tradeId, Refused = new DisputeRefused { Reason = refusal, DepositTxid = opened.DepositTxid } }.ToByteArray(), cancellationToken).ConfigureAwait(false);
            return;
        }

        // The seller's payout destination: the contract's; else (goods) the one the vendor names, taken from the vendor only.
        var sellerScript = !contract.SellerPayoutScript.IsEmpty ? contract.SellerPayoutScript.ToByteArray()
            : openedBy == EscrowRole.Seller && opened.SellerPayoutScript.Length is > 0 and <= MaxPayoutScriptLength ? opened.SellerPayoutScript.ToByteArray()
            : [];
        var dispute = Dispute.StartArbitrator(tradeId, openedBy, reason, opened.Contract.ToByteArray(), depositTxid, opened.ChatTranscript.ToByteArray(), _time.GetUtcNow(),
            opened.DepositIndex, sellerScript, opened.BuyerOnly, findings);
        _logger.LogInformation("Dispute of {TradeId} accepted (opened by the {Role}{BuyerOnly})", tradeId, openedBy, opened.BuyerOnly ? ", buyer-only: a refund at most" : string.Empty);
        Save(dispute);
        ApplyHeldTranscripts(dispute);
    }

    /// <summary>Arbitrator: a trader's evidence; duplicates (a re-send) are dropped.</summary>
    private void OnEvidence(Dispute dispute, EscrowRole from, DisputeEvidence evidence)
    {
        var text = CheckText(evidence.Text, "text", required: true);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(evidence.CreatedUnixMs);
        if (dispute.Evidence.Any(e => e.From == from && e.Text == text && e.At == at))
        {
            return;
        }

        dispute.AddEvidence(from, text, at, _time.GetUtcNow());
        Save(dispute);
    }

    private const int MaxPayoutScriptLength = 100;

    private static bool TryParseContract(SignedTradeContract signed, out TradeContract contract)
    {
        try
        {
            contract = TradeContract.Parser.ParseFrom(signed.Contract);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            contract = new TradeContract();
            return false;
        }
    }
}
