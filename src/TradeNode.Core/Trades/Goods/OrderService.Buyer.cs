using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService
{
    /// <summary>
    /// Buys <paramref name="quantity"/> units of the listing <paramref name="listingId"/> (the version this node's book
    /// holds) shipped by <paramref name="shippingOption"/> to <paramref name="shippingAddress"/>, with the arbitrator
    /// <paramref name="arbitratorNodeId"/> (one of the listing's with a known profile; empty: the first such). Writes and
    /// signs the contract, funds the escrow from this node's wallet (coins reserved under "order:{id}"), persists the
    /// order, broadcasts the funding and sends the order to the vendor, who need not be online.
    /// <para>A listing priced in fiat is paid in satoshis at <paramref name="rate"/> (fiat per bitcoin, an exact
    /// decimal; <see cref="InvalidInputException"/> when it is not a positive one), or, when none is given, at this
    /// node's reference price of the currency (<see cref="PreconditionFailedException"/> when it has none). The
    /// contract records the fiat total, the currency, the rate and the satoshis, so the vendor and the arbitrator can
    /// check the conversion. A rate for a listing priced in satoshis is refused.</para>
    /// </summary>
    public async Task<GoodsOrder> PlaceOrderAsync(string listingId, int quantity, string shippingOption, string shippingAddress, string arbitratorNodeId,
        string note = "", string? rate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arbitratorNodeId);
        CheckText(shippingAddress, "shipping_address", MaxAddressChars);
        CheckText(note, "note", MaxNoteChars);
        var listing = _listings.Get(listingId);
        if (listing.VendorKey == _node.Identity.PublicKey)
        {
            throw new PreconditionFailedException($"The listing {listingId} is this node's own; it cannot buy it.");
        }

        var orderId = MarketRules.NewId();
        var terms = OrderTerms.For(orderId, listing, quantity, shippingOption ?? string.Empty, RateFor(listing, rate));
        if (listing.Shipping.Count > 0 && string.IsNullOrWhiteSpace(shippingAddress))
        {
            throw new InvalidInputException("shipping_address", "The listing ships goods: give a shipping address.");
        }

        var item = _node.Store.Find(listing.VendorKey, ItemKind.Listing, listing.Id);
        if (item is null || ItemId.Compute(item.Content.Span) != listing.Version)
        {
            throw new PreconditionFailedException($"The listing {listingId} changed while it was read; look at it again.");
        }

        var arbitrator = ChooseArbitrator(listing, arbitratorNodeId);
        var buyerKey = EscrowKey(orderId).PubKey;
        var contract = new TradeContract
        {
            TradeId = orderId,
            Kind = TradeKind.Goods,
            Network = Network.Name,
            TermsItem = item.ToByteString(),
            BuyerNodeKey = ByteString.CopyFrom(_node.Identity.PublicKey.Span),
            SellerNodeKey = ByteString.CopyFrom(listing.VendorKey.Span),
            ArbitratorNodeKey = ByteString.CopyFrom(arbitrator.NodeKey.Span),
            BuyerIsMaker = false,
            AmountSats = terms.AmountSats,
            ListingVersionHash = listing.Version.ToString(),
            Quantity = terms.Quantity,
            ShippingOption = terms.ShippingOption,
            ShippingSats = terms.ShippingSats,
            Price = terms.FiatTotal is null ? string.Empty : Currencies.Format(terms.Rate),
            FiatAmount = terms.FiatTotal is { } total ? Currencies.Format(total.Amount) : string.Empty,
            Currency = terms.FiatTotal?.Currency ?? string.Empty,
            BuyerEscrowKey = ByteString.CopyFrom(buyerKey.ToBytes()),
            SellerEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(ExtPubKey.Parse(listing.EscrowXpub, Network), orderId).ToBytes()),
            ArbitratorEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(ExtPubKey.Parse(arbitrator.EscrowXpub, Network), orderId).ToBytes()),
            ArbitratorEscrowXpub = arbitrator.EscrowXpub,
            SellerEscrowXpub = listing.EscrowXpub,
            ArbitratorFeeBps = arbitrator.FeeBps,
            BuyerPayoutScript = ByteString.CopyFrom(_wallet.NewAddress().ScriptPubKey.ToBytes()),
            CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        var escrow = TradeContracts.ToCheckedEscrow(contract, Network, buyerKey);
        var contractBytes = contract.ToByteArray();
        var signature = TradeContracts.Sign(_node.Identity, contractBytes);
        var reservation = GoodsOrder.ReservationFor(orderId);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _wallet.Reserve(reservation, terms.AmountSats + _options.FeeReserveSats);
            GoodsOrder order;
            try
            {
                var funding = await BuildFundingAsync(escrow, reservation, cancellationToken).ConfigureAwait(false);
                order = GoodsOrder.StartFunding(terms, listing.VendorKey.ToArray(), contractBytes, signature, funding, 0, shippingAddress, note, _time.GetUtcNow());
                var request = new OrderRequest
                {
                    Contract = ByteString.CopyFrom(contractBytes),
                    BuyerSignature = ByteString.CopyFrom(signature),
                    FundingTxid = ByteString.CopyFrom(funding.GetHash().ToBytes()),
                    FundingIndex = 0,
                    FundingTransaction = ByteString.CopyFrom(funding.ToBytes()),
                    ShippingAddress = shippingAddress,
                    Note = note,
                };
                order.RecordOutgoing(new OrderMessage { OrderId = orderId, OrderRequest = request }.ToByteArray(), _time.GetUtcNow());
                Save(order);
            }
            catch
            {
                _wallet.Release(reservation);
                throw;
            }

            _logger.LogInformation("Ordering {Quantity} of listing {ListingId} as order {OrderId}: escrow {AmountSats} sats{Fiat}", quantity, listing.Id, orderId, terms.AmountSats,
                terms.FiatTotal is { } fiatTotal ? $" for {fiatTotal} at {Currencies.Format(terms.Rate)} {fiatTotal.Currency}/BTC" : string.Empty);
            await PublishFundingAsync(order, cancellationToken).ConfigureAwait(false);
            if (order.State == OrderState.Failed)
            {
                throw new PreconditionFailedException(order.LastError);
            }

            return order;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Buyer: the goods arrived. Builds the payout of the whole escrow minus the mining fee to the vendor's payout
    /// destination, checks it, signs it with this node's escrow key and sends it to the vendor, who co-signs and
    /// broadcasts it.
    /// </summary>
    public async Task<GoodsOrder> ConfirmReceiptAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = Get(orderId);
            if (!order.IsBuyer)
            {
                throw new PreconditionFailedException($"This node is the vendor of order {orderId}; only the buyer confirms receipt.");
            }

            if (order.State is OrderState.PayoutSigned or OrderState.PayoutPublished or OrderState.Completed)
            {
                return order;
            }

            if (order.State != OrderState.Fulfilled)
            {
                throw new PreconditionFailedException($"Order {orderId} is {order.State}; receipt can be confirmed once the vendor marked it fulfilled.");
            }

            var escrow = CheckedEscrow(order);
            var payout = WholeEscrowTo(new Script(order.VendorPayoutScript), escrow, await FeeRateAsync(cancellationToken).ConfigureAwait(false));
            var psbt = EscrowTransactions.CreatePayout(escrow, order.FundingOutpoint, [payout]);
            var problems = EscrowTransactions.CheckPayout(psbt, escrow, order.FundingOutpoint, [payout]);
            if (problems.Count > 0)
            {
                throw new PreconditionFailedException("The payout does not match the contract: " + string.Join(" ", problems));
            }

            psbt.SignWithKeys(EscrowKey(order.Id));
            order.SignPayout(psbt.ToBytes(), Hex(psbt.GetGlobalTransaction().GetHash()), _time.GetUtcNow());
            _logger.LogInformation("Order {OrderId}: receipt confirmed, payout {Txid} signed", orderId, order.PayoutTxid);
            await SaveAndSendAsync(order, new OrderMessage { OrderId = orderId, ReceiptConfirmed = new ReceiptConfirmed { PayoutPsbt = ByteString.CopyFrom(psbt.ToBytes()) } }, cancellationToken)
                .ConfigureAwait(false);
            return order;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The funding PSBT: this node's reserved coins pay the escrow exactly its amount, the change (when above dust)
    /// comes back; checked like any deposit, signed, finalized.
    /// </summary>
    private async Task<Transaction> BuildFundingAsync(EscrowContract escrow, string reservation, CancellationToken cancellationToken)
    {
        var coins = _wallet.GetReservedCoins(reservation).Select(c => c.ToCoin()).ToList();
        var rate = await FeeRateAsync(cancellationToken).ConfigureAwait(false);
        var inputs = coins.Sum(c => c.Amount.Satoshi);
        var fee = rate.GetFee(EscrowDeposits.EstimateVirtualSize(coins.Count, 1)).Satoshi;
        if (inputs - escrow.AmountSats - fee < EscrowTransactions.MinPayoutSats)
        {
            // No change output: what is left over goes to the fee (never a dust output).
            fee = inputs - escrow.AmountSats;
        }

        var mine = new DepositContribution(EscrowRole.Buyer, coins, escrow.AmountSats, fee, _wallet.GetChangeAddress().ScriptPubKey);
        var psbt = EscrowDeposits.CreateDeposit(escrow, [mine]);
        var problems = EscrowDeposits.CheckDeposit(psbt, escrow, mine);
        if (problems.Count > 0)
        {
            throw new PreconditionFailedException("The funding transaction does not check: " + string.Join(" ", problems));
        }

        var signed = _wallet.SignOwnInputs(psbt);
        if (!signed.TryFinalize(out var errors))
        {
            throw new PreconditionFailedException("The funding transaction could not be signed: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        return signed.ExtractTransaction();
    }

    /// <summary>
    /// Buyer, in <see cref="OrderState.Funding"/>: broadcasts the persisted funding (or finds it on chain), then marks
    /// the order funded and sends it. A funding the network refuses ends the order and frees its coins.
    /// </summary>
    private async Task PublishFundingAsync(GoodsOrder order, CancellationToken cancellationToken)
    {
        var known = await _chain.GetTransactionAsync(UInt256.Parse(order.FundingTxid), cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            var result = await _chain.BroadcastAsync(Transaction.FromBytes(order.FundingTransaction), cancellationToken).ConfigureAwait(false);
            if (!result.Accepted)
            {
                order.Fail($"The network refused the funding transaction: {result.RejectReason}", _time.GetUtcNow());
                _wallet.Release(order.ReservationId);
                _logger.LogWarning("Order {OrderId} failed: {Reason}", order.Id, order.LastError);
                Save(order);
                return;
            }
        }

        order.MarkFunded(_time.GetUtcNow());
        Save(order);
        _logger.LogInformation("Order {OrderId}: escrow funded by {Txid}", order.Id, order.FundingTxid);
        await SendAsync(order.PeerKey, order.LastOutgoing, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rate a fiat-priced <paramref name="listing"/> is ordered at: <paramref name="rate"/> when given, else this
    /// node's reference price. Null for a listing priced in satoshis without a rate (one given is refused by the terms).
    /// </summary>
    private decimal? RateFor(Listing listing, string? rate)
    {
        if (!string.IsNullOrWhiteSpace(rate))
        {
            return FiatConversion.ParseRate(rate, "rate");
        }

        if (listing.Price.Fiat is not { } fiat)
        {
            return null;
        }

        var reference = _prices?.GetReferencePrice(fiat.Currency)
            ?? throw new PreconditionFailedException(
                $"The listing is priced in {fiat.Currency} and this node knows no live {fiat.Currency} offers to take a reference price from; give the rate ({fiat.Currency} per bitcoin) yourself.");
        return reference.Price;
    }

    private Market.Arbitrators.ArbitratorProfile ChooseArbitrator(Listing listing, string arbitratorNodeId)
    {
        var me = _node.Identity.PublicKey;
        if (arbitratorNodeId.Length == 0)
        {
            return listing.Arbitrators.Where(_arbitrators.IsKnown).Select(_arbitrators.Get).FirstOrDefault(a => a.NodeKey != me && a.NodeKey != listing.VendorKey)
                ?? throw new PreconditionFailedException("None of the listing's arbitrators has a profile this node knows; try again once they are known.");
        }

        if (!NodeId.TryParse(arbitratorNodeId, out var id) || !listing.Arbitrators.Contains(id))
        {
            throw new InvalidInputException("arbitrator", "The arbitrator must be one of the listing's arbitrators, given by node id.");
        }

        var arbitrator = _arbitrators.Get(id);
        if (arbitrator.NodeKey == me || arbitrator.NodeKey == listing.VendorKey)
        {
            throw new InvalidInputException("arbitrator", "The arbitrator cannot be the buyer or the vendor.");
        }

        return arbitrator;
    }

    /// <summary>
    /// Buyer: the vendor refused the order. With a refund the vendor signed, checked like a decline's (all of the
    /// escrow minus the fee to this node's payout script), co-signed and broadcast: the order ends refused once it
    /// confirms. Without one, or when it does not check, the escrow stays funded and the order waits for a dispute.
    /// </summary>
    private async Task OnRefusedAsync(GoodsOrder order, OrderRefused message, CancellationToken cancellationToken)
    {
        if (order.State != OrderState.Funded)
        {
            return;
        }

        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "The vendor refused the order without a reason." : "The vendor refused the order: " + message.Reason;
        var now = _time.GetUtcNow();
        if (message.RefundPsbt.IsEmpty)
        {
            order.AwaitDispute(reason + " The vendor signed no refund: the escrow needs a dispute.", now);
            _logger.LogWarning("Order {OrderId}: {Reason}", order.Id, order.LastError);
            Save(order);
            return;
        }

        var escrow = CheckedEscrow(order);
        var (transaction, problems) = CoSign(message.RefundPsbt.Span, order, escrow, new Script(order.ParsedContract().BuyerPayoutScript.Span), "refund", "vendor");
        if (problems.Count > 0)
        {
            order.AwaitDispute(reason + " Its refund was refused: " + string.Join(" ", problems) + " The escrow needs a dispute.", now);
            _logger.LogWarning("Order {OrderId}: {Reason}", order.Id, order.LastError);
            Save(order);
            return;
        }

        order.RefuseWithRefund(message.RefundPsbt.ToByteArray(), Hex(transaction!.GetHash()), reason, now);
        order.PublishRefund(transaction.ToBytes(), now);
        _logger.LogWarning("Order {OrderId}: {Reason} Refund {Txid} co-signed.", order.Id, reason, order.RefundTxid);
        await PublishSpendAsync(order, transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Buyer: the vendor accepted; its signature must verify over the contract and it must name a payout destination.</summary>
    private void OnAccepted(GoodsOrder order, OrderAccepted message)
    {
        if (order.State != OrderState.Funded)
        {
            return;
        }

        if (!TradeContracts.Verify(order.VendorNodeKey, order.Contract, message.VendorSignature.Span))
        {
            Reject(order.Id, order.VendorNodeKey, "The vendor's signature on the contract is missing or wrong.");
            return;
        }

        if (message.PayoutScript.IsEmpty || message.PayoutScript.Length > 100)
        {
            Reject(order.Id, order.VendorNodeKey, "The acceptance names no valid payout destination.");
            return;
        }

        order.Accept(message.VendorSignature.ToByteArray(), message.PayoutScript.ToByteArray(), _time.GetUtcNow());
        _logger.LogInformation("Order {OrderId}: accepted by the vendor", order.Id);
        Save(order);
    }

    /// <summary>Buyer: the vendor sent the goods.</summary>
    private void OnFulfilled(GoodsOrder order, OrderFulfilled message)
    {
        if (order.State != OrderState.Accepted)
        {
            return;
        }

        order.Fulfil(message.Note.Length > MaxNoteChars ? message.Note[..MaxNoteChars] : message.Note, _time.GetUtcNow());
        _logger.LogInformation("Order {OrderId}: fulfilled by the vendor", order.Id);
        Save(order);
    }

    /// <summary>Buyer: the vendor's signed refund. Checked (all of the escrow minus the fee to this node's payout script), co-signed, broadcast.</summary>
    private async Task OnRefundProposalAsync(GoodsOrder order, RefundProposal message, CancellationToken cancellationToken)
    {
        var allowed = message.Declined ? order.State == OrderState.Funded : order.State is OrderState.Accepted or OrderState.Fulfilled or OrderState.PayoutSigned;
        if (!allowed)
        {
            return;
        }

        var escrow = CheckedEscrow(order);
        var problems = new List<string>();
        Transaction? transaction = null;
        if (!PSBT.TryLoad(message.RefundPsbt.Span, Network, out var refund))
        {
            problems.Add("The refund PSBT does not parse.");
        }
        else
        {
            problems.AddRange(CheckSpend(refund, order, escrow, new Script(order.ParsedContract().BuyerPayoutScript.Span)));
            if (problems.Count == 0)
            {
                refund.SignWithKeys(EscrowKey(order.Id));
                if (refund.TryFinalize(out var errors))
                {
                    transaction = refund.ExtractTransaction();
                }
                else
                {
                    problems.Add("The refund lacks the vendor's signature: " + string.Join("; ", errors.Select(e => e.ToString())));
                }
            }
        }

        var now = _time.GetUtcNow();
        if (problems.Count > 0 && message.Declined)
        {
            // A decline whose refund this node cannot take: the vendor signed nothing usable, so only a dispute frees the escrow.
            order.AwaitDispute("The vendor declined, but its refund was refused: " + string.Join(" ", problems) + " The escrow needs a dispute.", now);
            _logger.LogWarning("Order {OrderId}: {Reason}", order.Id, order.LastError);
            Save(order);
            return;
        }

        if (problems.Count > 0)
        {
            order.Fail("The vendor's refund was refused: " + string.Join(" ", problems), now);
            _logger.LogWarning("Order {OrderId}: {Reason}", order.Id, order.LastError);
            Save(order);
            return;
        }

        order.SignRefund(refund!.ToBytes(), Hex(transaction!.GetHash()), message.Declined, message.Reason, now);
        order.PublishRefund(transaction.ToBytes(), now);
        await PublishSpendAsync(order, transaction, cancellationToken).ConfigureAwait(false);
    }
}
