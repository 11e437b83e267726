using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService
{
    /// <summary>Vendor: accepts a funded order: signs the contract and names this node's payout destination.</summary>
    public async Task<GoodsOrder> AcceptAsync(string orderId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = GetAsVendor(orderId);
            if (order.State == OrderState.Accepted)
            {
                return order;
            }

            CheckedEscrow(order);
            var signature = TradeContracts.Sign(_node.Identity, order.Contract);
            var payout = _wallet.NewAddress().ScriptPubKey.ToBytes();
            order.Accept(signature, payout, _time.GetUtcNow());
            _logger.LogInformation("Order {OrderId}: accepted", orderId);
            await SaveAndSendAsync(order, new OrderMessage
            {
                OrderId = orderId,
                OrderAccepted = new OrderAccepted { VendorSignature = ByteString.CopyFrom(signature), PayoutScript = ByteString.CopyFrom(payout) },
            }, cancellationToken).ConfigureAwait(false);
            return order;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Vendor: declines a funded order it has not accepted: signs the refund of the escrow to the buyer.</summary>
    public Task<GoodsOrder> DeclineAsync(string orderId, string reason, CancellationToken cancellationToken = default) =>
        RefundAsync(orderId, reason, declined: true, cancellationToken);

    /// <summary>Vendor: refunds an accepted order (before the payout): signs the refund of the escrow to the buyer.</summary>
    public Task<GoodsOrder> RefundAsync(string orderId, string reason, CancellationToken cancellationToken = default) =>
        RefundAsync(orderId, reason, declined: false, cancellationToken);

    /// <summary>Vendor: the goods were sent, with <paramref name="trackingNote"/>. Needs the funding confirmed.</summary>
    public async Task<GoodsOrder> MarkFulfilledAsync(string orderId, string trackingNote, CancellationToken cancellationToken = default)
    {
        CheckText(trackingNote, "tracking_note", MaxNoteChars);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = GetAsVendor(orderId);
            if (order.State == OrderState.Fulfilled)
            {
                return order;
            }

            if (order.FundingConfirmedAt is null && order.State == OrderState.Accepted)
            {
                await CheckChainAsync(order, cancellationToken).ConfigureAwait(false);
                if (order.FundingConfirmedAt is null)
                {
                    throw new PreconditionFailedException($"The funding of order {orderId} is not confirmed yet; ship once it is.");
                }
            }

            order.Fulfil(trackingNote, _time.GetUtcNow());
            _logger.LogInformation("Order {OrderId}: fulfilled", orderId);
            await SaveAndSendAsync(order, new OrderMessage { OrderId = orderId, OrderFulfilled = new OrderFulfilled { Note = trackingNote } }, cancellationToken).ConfigureAwait(false);
            return order;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<GoodsOrder> RefundAsync(string orderId, string reason, bool declined, CancellationToken cancellationToken)
    {
        CheckText(reason, "reason", MaxNoteChars);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = GetAsVendor(orderId);
            if (order.State is OrderState.RefundSigned or OrderState.RefundPublished && order.Declined == declined)
            {
                return order;
            }

            if (declined && order.State != OrderState.Funded)
            {
                throw new PreconditionFailedException($"Order {orderId} is {order.State}; only an order not yet accepted can be declined (refund it instead).");
            }

            return await SignRefundAsync(order, reason, declined, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Vendor: signs the refund of the whole escrow to the buyer and sends it (a decline or a refund). The caller holds the lock.</summary>
    private async Task<GoodsOrder> SignRefundAsync(GoodsOrder order, string reason, bool declined, CancellationToken cancellationToken)
    {
        var orderId = order.Id;
        var escrow = CheckedEscrow(order);
        var buyerScript = new Script(order.ParsedContract().BuyerPayoutScript.Span);
        var refund = WholeEscrowTo(buyerScript, escrow, await FeeRateAsync(cancellationToken).ConfigureAwait(false));
        var psbt = EscrowTransactions.CreatePayout(escrow, order.FundingOutpoint, [refund]);
        var problems = EscrowTransactions.CheckPayout(psbt, escrow, order.FundingOutpoint, [refund]);
        if (problems.Count > 0)
        {
            throw new PreconditionFailedException("The refund does not match the contract: " + string.Join(" ", problems));
        }

        psbt.SignWithKeys(EscrowKey(order.Id));
        order.SignRefund(psbt.ToBytes(), Hex(psbt.GetGlobalTransaction().GetHash()), declined, reason, _time.GetUtcNow());
        _logger.LogInformation("Order {OrderId}: {Kind}, refund {Txid} signed", orderId, declined ? "declined" : "refunded", order.RefundTxid);
        await SaveAndSendAsync(order, new OrderMessage
        {
            OrderId = orderId,
            RefundProposal = new RefundProposal { RefundPsbt = ByteString.CopyFrom(psbt.ToBytes()), Declined = declined, Reason = reason },
        }, cancellationToken).ConfigureAwait(false);
        return order;
    }

    /// <summary>
    /// Vendor, once an order on a listing priced in fiat is funded: when this node has a reference price for the
    /// currency and the buyer's rate pays more than <see cref="OrderOptions.MaxRateDeviationBps"/> fewer satoshis than
    /// that price would, declines it (the refund is signed and sent; the reason names both rates). The caller holds the lock.
    /// </summary>
    private async Task DeclineIfRateTooLowAsync(GoodsOrder order, CancellationToken cancellationToken)
    {
        if (_prices is null || order.State != OrderState.Funded || order.FiatTotal is not { } fiat || order.Rate is not { } rate
            || _prices.GetReferencePrice(fiat.Currency) is not { } reference)
        {
            return;
        }

        long atReference;
        try
        {
            atReference = FiatConversion.SatsFor(fiat.Amount, reference.Price);
        }
        catch (OverflowException)
        {
            atReference = long.MaxValue; // more satoshis than exist: any buyer's amount is far below it
        }

        var bps = _options.MaxRateDeviationBps;
        if ((Int128)order.AmountSats * 10_000 >= (Int128)atReference * (10_000 - bps))
        {
            return;
        }

        var reason = $"The buyer's rate of {Currencies.Format(rate)} {fiat.Currency}/BTC pays {order.AmountSats} sats for {fiat}; at this node's reference price of "
            + $"{Currencies.Format(reference.Price)} {fiat.Currency}/BTC (median of {reference.OfferCount} offers) that is {atReference} sats, "
            + $"and the vendor accepts at most {Currencies.Format(bps / 100m)}% less.";
        _logger.LogWarning("Order {OrderId}: declining automatically: {Reason}", order.Id, reason);
        try
        {
            await SignRefundAsync(order, reason, declined: true, cancellationToken).ConfigureAwait(false);
        }
        catch (PreconditionFailedException e)
        {
            // Left funded: this node's user decides (the reason is logged).
            _logger.LogWarning("Order {OrderId}: the automatic decline failed: {Reason}", order.Id, e.Message);
        }
    }

    private GoodsOrder GetAsVendor(string orderId)
    {
        var order = Get(orderId);
        if (order.IsBuyer)
        {
            throw new PreconditionFailedException($"This node is the buyer of order {orderId}; only the vendor does this.");
        }

        return order;
    }

    /// <summary>
    /// Vendor: an order arrives (possibly long after it was placed). A repeat gets the same answer again. Otherwise
    /// the order is checked (<see cref="CheckOrderAsync"/>): when it passes, it is recorded as funded and waits for
    /// this node's user to accept or decline; when not, it is recorded as refused with the reasons, which the buyer is
    /// told. Nothing is signed either way.
    /// </summary>
    private async Task OnOrderRequestAsync(string orderId, NodeKey buyer, OrderRequest request, CancellationToken cancellationToken)
    {
        if (Find(orderId) is { } known)
        {
            if (!known.IsBuyer && known.PeerKey.AsSpan().SequenceEqual(buyer.Span) && known.LastOutgoing.Length > 0)
            {
                await SendAsync(known.PeerKey, known.LastOutgoing, cancellationToken).ConfigureAwait(false);
            }
            else if (known.IsBuyer || !known.PeerKey.AsSpan().SequenceEqual(buyer.Span))
            {
                Reject(orderId, buyer, "An order for an order id already in use.");
            }

            return;
        }

        var (problems, contract, terms, fundingMissing) = await CheckOrderAsync(orderId, buyer, request, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var funding = new OutPoint(new UInt256(request.FundingTxid.Span), request.FundingIndex);
        if (problems.Count == 1 && fundingMissing)
        {
            // Only the funding is missing: it may not have reached this node's chain view yet. Wait for it (persisted).
            var waiting = GoodsOrder.StartReceived(terms!, buyer.ToArray(), request.Contract.ToByteArray(), request.BuyerSignature.ToByteArray(), funding,
                request.ShippingAddress, request.Note, now, fundingVisible: false);
            _logger.LogInformation("Order {OrderId}: funding {Funding} not visible yet; waiting up to {Limit}", orderId, funding, _options.FundingWaitLimit);
            Save(waiting);
            return;
        }

        if (problems.Count > 0)
        {
            var reason = string.Join(" ", problems);
            var refund = await RefundOfRefusedAsync(orderId, buyer, contract, request, cancellationToken).ConfigureAwait(false);
            var refused = refund is null
                ? GoodsOrder.StartRefused(orderId, buyer.ToArray(), terms?.ListingId ?? string.Empty, reason, now)
                : GoodsOrder.StartRefusedWithRefund(orderId, buyer.ToArray(), contract!, request.Contract.ToByteArray(), request.BuyerSignature.ToByteArray(),
                    new OutPoint(new UInt256(request.FundingTxid.Span), request.FundingIndex), terms?.ListingId ?? string.Empty, refund.ToBytes(),
                    Hex(refund.GetGlobalTransaction().GetHash()), reason, now);
            _logger.LogWarning("Order {OrderId} refused ({Refund}): {Reason}", orderId, refund is null ? "no refund this node can sign" : "refund signed", reason);
            var message = new OrderRefused { Reason = reason, RefundPsbt = refund is null ? ByteString.Empty : ByteString.CopyFrom(refund.ToBytes()) };
            await SaveAndSendAsync(refused, new OrderMessage { OrderId = orderId, OrderRefused = message }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var order = GoodsOrder.StartReceived(terms!, buyer.ToArray(), request.Contract.ToByteArray(), request.BuyerSignature.ToByteArray(), funding,
            request.ShippingAddress, request.Note, now);
        _logger.LogInformation("Order {OrderId} for listing {ListingId} received: {AmountSats} sats in escrow", orderId, terms!.ListingId, terms.AmountSats);
        Save(order);
        await DeclineIfRateTooLowAsync(order, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The refund a refusal carries, signed by this node, so a refused buyer's funded escrow does not wait for a
    /// dispute: only when the contract is a well-formed goods contract for this order between the sender (buyer) and
    /// this node, this node's escrow key is in the escrow script it derives, and the funding output holds exactly the
    /// escrow's amount for that script. The refund pays the whole escrow minus the mining fee to the contract's buyer
    /// payout script and is checked like a decline before it is signed. Null when any of that does not hold.
    /// </summary>
    private async Task<PSBT?> RefundOfRefusedAsync(string orderId, NodeKey buyer, TradeContract? contract, OrderRequest request, CancellationToken cancellationToken)
    {
        if (contract is null || !IsOrderId(orderId) || contract.TradeId != orderId || contract.Kind != TradeKind.Goods || TradeContracts.Check(contract, Network).Count > 0
            || !contract.BuyerNodeKey.Span.SequenceEqual(buyer.Span) || !contract.SellerNodeKey.Span.SequenceEqual(_node.Identity.PublicKey.Span)
            || request.FundingTxid.Length != 32)
        {
            return null;
        }

        try
        {
            var key = EscrowKey(orderId);
            var escrow = TradeContracts.ToEscrow(contract, Network);
            if (!escrow.Contains(key.PubKey))
            {
                return null;
            }

            var funding = new OutPoint(new UInt256(request.FundingTxid.Span), request.FundingIndex);
            var output = await _chain.GetTxOutAsync(funding, includeMempool: true, cancellationToken).ConfigureAwait(false);
            if (output is null || output.Output.Value.Satoshi != escrow.AmountSats || output.Output.ScriptPubKey != escrow.ScriptPubKey)
            {
                return null;
            }

            var refund = WholeEscrowTo(new Script(contract.BuyerPayoutScript.Span), escrow, await FeeRateAsync(cancellationToken).ConfigureAwait(false));
            var psbt = EscrowTransactions.CreatePayout(escrow, funding, [refund]);
            if (EscrowTransactions.CheckPayout(psbt, escrow, funding, [refund]).Count > 0)
            {
                return null;
            }

            psbt.SignWithKeys(key);
            return psbt;
        }
        catch (Exception e) when (e is InvalidInputException or ArgumentException or FormatException)
        {
            _logger.LogWarning("Order {OrderId}: no refund can be signed for the refusal: {Reason}", orderId, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Everything wrong with an order from the vendor's point of view, as sentences: the contract must check and be
    /// a goods contract for this id, signed by the sender as buyer and naming this node as vendor; its vendor key must
    /// be this wallet's key at the order's child index; the listing version it names must be one this node signed, and
    /// the amount exactly unit price x quantity + shipping of that version; the arbitrator one of the listing's; and
    /// the funding output must exist on chain (or in the mempool) with exactly that amount and the escrow's script.
    /// </summary>
    internal async Task<(List<string> Problems, TradeContract? Contract, OrderTerms? Terms, bool FundingMissing)> CheckOrderAsync(string orderId, NodeKey buyer,
        OrderRequest request, CancellationToken cancellationToken)
    {
        if (!IsOrderId(orderId))
        {
            return (["The order id is not 32 lowercase hexadecimal characters."], null, null, false);
        }

        TradeContract contract;
        try
        {
            contract = TradeContract.Parser.ParseFrom(request.Contract);
        }
        catch (InvalidProtocolBufferException)
        {
            return (["The contract does not parse."], null, null, false);
        }

        var problems = TradeContracts.Check(contract, Network).ToList();
        if (problems.Count > 0)
        {
            return (problems, contract, null, false);
        }

        var me = _node.Identity.PublicKey;
        Expect(problems, contract.TradeId == orderId, "The contract is for another order.");
        Expect(problems, contract.Kind == TradeKind.Goods, "The contract is not a goods order.");
        Expect(problems, contract.BuyerPaymentAccount.Length == 0 && contract.SellerPaymentAccount.Length == 0,
            "A goods contract carries no payment account details (it becomes public with a rating).");
        Expect(problems, contract.BuyerNodeKey.Span.SequenceEqual(buyer.Span), "The contract does not name the sender as the buyer.");
        Expect(problems, contract.SellerNodeKey.Span.SequenceEqual(me.Span), "The contract does not name this node as the vendor.");
        Expect(problems, TradeContracts.Verify(buyer, request.Contract.Span, request.BuyerSignature.Span), "The buyer's signature on the contract is missing or wrong.");
        Expect(problems, contract.SellerEscrowXpub == _wallet.EscrowAccountKey.ToString(Network), "The contract's vendor extended public key is not this node's.");
        Expect(problems, contract.SellerEscrowKey.Span.SequenceEqual(EscrowKey(orderId).PubKey.ToBytes()), "The contract's vendor escrow key is not this node's key for the order.");
        var listing = ListingOf(contract, problems);
        OrderTerms? terms = null;
        if (listing is not null)
        {
            try
            {
                terms = TermsOf(orderId, listing, contract, problems);
            }
            catch (InvalidInputException e)
            {
                problems.Add("The order does not fit the listing: " + e.Message);
            }

            Expect(problems, NodeKey.TryCreate(contract.ArbitratorNodeKey.Span, out var arbitrator) && listing.Arbitrators.Contains(arbitrator.Id), "The arbitrator is not one of the listing's.");
            if (NodeKey.TryCreate(contract.ArbitratorNodeKey.Span, out var known) && _arbitrators.IsKnown(known.Id))
            {
                Expect(problems, _arbitrators.Get(known.Id).EscrowXpub == contract.ArbitratorEscrowXpub, "The contract's arbitrator key is not from the arbitrator's published profile.");
            }
        }

        if (problems.Count > 0)
        {
            return (problems, contract, terms, false);
        }

        var escrow = TradeContracts.ToEscrow(contract, Network);
        Expect(problems, escrow.Contains(EscrowKey(orderId).PubKey), "This node's escrow key is not in the escrow.");
        if (request.FundingTxid.Length != 32)
        {
            problems.Add("The order names no funding transaction.");
            return (problems, contract, terms, false);
        }

        var (problem, missing) = await FundingProblemAsync(escrow, new OutPoint(new UInt256(request.FundingTxid.Span), request.FundingIndex), cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            problems.Add(problem);
        }

        return (problems, contract, terms, missing);
    }

    /// <summary>
    /// The order's terms recomputed from the listing version, the contract's quantity and shipping option and, for a
    /// listing priced in fiat, the contract's rate; every difference from what the contract states is added to
    /// <paramref name="problems"/>. Null when the contract's rate is unusable.
    /// </summary>
    private static OrderTerms? TermsOf(string orderId, Listing listing, TradeContract contract, List<string> problems)
    {
        decimal? rate = null;
        if (listing.Price.Fiat is { } fiat)
        {
            if (!FiatConversion.TryParseRate(contract.Price, out var parsed))
            {
                problems.Add($"The contract's rate '{MarketRules.Shorten(contract.Price)}' is not a positive exact decimal in {fiat.Currency} per bitcoin.");
                return null;
            }

            rate = parsed;
            Expect(problems, contract.Currency == fiat.Currency, $"The contract's currency '{MarketRules.Shorten(contract.Currency)}' is not the listing's {fiat.Currency}.");
        }
        else
        {
            Expect(problems, contract.Price.Length == 0 && contract.FiatAmount.Length == 0 && contract.Currency.Length == 0,
                "The listing is priced in satoshis; the contract must carry no rate, fiat amount or currency.");
        }

        var terms = OrderTerms.For(orderId, listing, contract.Quantity, contract.ShippingOption, rate);
        Expect(problems, contract.ShippingSats == terms.ShippingSats, $"The contract's shipping of {contract.ShippingSats} sats is not the listing's {terms.ShippingSats} sats for '{terms.ShippingOption}'.");
        if (terms.FiatTotal is { } total)
        {
            Expect(problems, Currencies.TryParseDecimal(contract.FiatAmount, out var stated) && stated == total.Amount,
                $"The contract's fiat total '{MarketRules.Shorten(contract.FiatAmount)}' is not unit price x quantity + shipping = {total}.");
            Expect(problems, contract.AmountSats == terms.AmountSats,
                $"The contract's amount of {contract.AmountSats} sats is not ceil({total} x 100,000,000 / {Currencies.Format(terms.Rate)}) = {terms.AmountSats} sats.");
        }
        else
        {
            Expect(problems, contract.AmountSats == terms.AmountSats, $"The contract's amount of {contract.AmountSats} sats is not {terms.UnitPriceSats} x {terms.Quantity} + {terms.ShippingSats} = {terms.AmountSats} sats.");
        }

        return terms;
    }

    /// <summary>What is wrong with the funding output (null when it holds exactly the escrow), and whether it is simply not visible.</summary>
    private async Task<(string? Problem, bool Missing)> FundingProblemAsync(EscrowContract escrow, OutPoint funding, CancellationToken cancellationToken)
    {
        var output = await _chain.GetTxOutAsync(funding, includeMempool: true, cancellationToken).ConfigureAwait(false);
        if (output is null)
        {
            return ($"The funding output {funding} is not an unspent output on chain.", true);
        }

        return output.Output.Value.Satoshi != escrow.AmountSats || output.Output.ScriptPubKey != escrow.ScriptPubKey
            ? ($"The funding output {funding} holds {output.Output.Value.Satoshi} sats for another script; the escrow {escrow.Address} must hold exactly {escrow.AmountSats} sats.", false)
            : (null, false);
    }

    /// <summary>
    /// Vendor, on the chain poll: an order waiting for its funding becomes funded once the output shows with exactly
    /// the escrow; it is refused (nothing signed, the buyer told) when the output shows wrong, or is still missing
    /// after <see cref="OrderOptions.FundingWaitLimit"/>. The caller holds the lock.
    /// </summary>
    private async Task RecheckFundingAsync(GoodsOrder order, CancellationToken cancellationToken)
    {
        var escrow = CheckedEscrow(order);
        var (problem, missing) = await FundingProblemAsync(escrow, order.FundingOutpoint, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        if (problem is null)
        {
            order.MarkFundingSeen(now);
            _logger.LogInformation("Order {OrderId}: funding now visible; {AmountSats} sats in escrow", order.Id, order.AmountSats);
            Save(order);
            await DeclineIfRateTooLowAsync(order, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (missing && now - order.Created < _options.FundingWaitLimit)
        {
            return;
        }

        var reason = missing ? $"{problem} Waited {_options.FundingWaitLimit} for it." : problem;
        order.RefuseUnfunded(reason, now);
        _logger.LogWarning("Order {OrderId} refused: {Reason}", order.Id, reason);
        await SaveAndSendAsync(order, new OrderMessage { OrderId = order.Id, OrderRefused = new OrderRefused { Reason = reason } }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The listing version the contract carries, when this node signed it and the contract's hash names it.</summary>
    private Listing? ListingOf(TradeContract contract, List<string> problems) =>
        ContractListings.Read(contract, _node.Identity.PublicKey, Network, "The listing version in the contract was not published by this node.", problems);

    /// <summary>Vendor: the buyer confirmed receipt and signed the payout. Checked (all of the escrow minus the fee to this node), co-signed, broadcast.</summary>
    private async Task OnReceiptConfirmedAsync(GoodsOrder order, ReceiptConfirmed message, CancellationToken cancellationToken)
    {
        if (order.State != OrderState.Fulfilled)
        {
            return;
        }

        var escrow = CheckedEscrow(order);
        var problems = new List<string>();
        Transaction? transaction = null;
        if (!PSBT.TryLoad(message.PayoutPsbt.Span, Network, out var payout))
        {
            problems.Add("The payout PSBT does not parse.");
        }
        else
        {
            problems.AddRange(CheckSpend(payout, order, escrow, new Script(order.VendorPayoutScript)));
            if (problems.Count == 0)
            {
                payout.SignWithKeys(EscrowKey(order.Id));
                if (payout.TryFinalize(out var errors))
                {
                    transaction = payout.ExtractTransaction();
                }
                else
                {
                    problems.Add("The payout lacks the buyer's signature: " + string.Join("; ", errors.Select(e => e.ToString())));
                }
            }
        }

        var now = _time.GetUtcNow();
        if (problems.Count > 0)
        {
            order.Fail("The buyer's payout was refused: " + string.Join(" ", problems), now);
            _logger.LogWarning("Order {OrderId}: {Reason}", order.Id, order.LastError);
            Save(order);
            return;
        }

        order.SignPayout(payout!.ToBytes(), Hex(transaction!.GetHash()), now);
        order.PublishPayout(transaction.ToBytes(), now);
        await PublishSpendAsync(order, transaction, cancellationToken).ConfigureAwait(false);
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
