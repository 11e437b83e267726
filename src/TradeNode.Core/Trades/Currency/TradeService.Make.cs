using System.Globalization;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    /// <summary>
    /// Maker: a take request. A repeat of a known request gets the same answer again. Otherwise the request is
    /// accepted when the offer is this node's and open, the amount in range, the arbitrator one of the offer's with a
    /// known profile, the taker's coins unspent on chain and this node's contribution reservable; else refused with
    /// the reason. Accepting converts the offer's hold into the trade's coin reservation and withdraws the offer.
    /// </summary>
    private async Task OnTakeRequestAsync(string tradeId, NodeKey taker, TakeRequest request, CancellationToken cancellationToken)
    {
        if (Find(tradeId) is { } known)
        {
            if (known.IsMaker && known.PeerKey.AsSpan().SequenceEqual(taker.Span) && known.LastOutgoing.Length > 0)
            {
                await SendAsync(known.PeerKey, known.LastOutgoing, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                Reject(tradeId, taker, "A take request for a trade id already in use.");
            }

            return;
        }

        if (!IsTradeId(tradeId))
        {
            Reject(tradeId, taker, "The trade id is not 32 lowercase hexadecimal characters.");
            return;
        }

        var offer = _offers.ListMine().FirstOrDefault(o => o.Id == request.OfferId);
        var side = offer is null ? TradeSide.Seller : MakerSide(offer);
        string? reason = null;
        TradeMessage? reply = null;
        CurrencyTrade? trade = null;
        try
        {
            (trade, reply) = await AcceptAsync(tradeId, taker, request, offer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidInputException or PreconditionFailedException or NotFoundException or FormatException or ArgumentException or InvalidProtocolBufferException)
        {
            reason = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Take request {TradeId} could not be handled", tradeId);
            reason = "The maker could not accept the request now.";
        }

        if (reason is not null)
        {
            var refused = CurrencyTrade.StartRefused(tradeId, request.OfferId, side, request.AmountSats, taker.ToArray(), request.ToByteArray(), reason, _time.GetUtcNow());
            _logger.LogInformation("Take request {TradeId} for offer {OfferId} refused: {Reason}", tradeId, request.OfferId, reason);
            await SaveAndSendAsync(refused, new TradeMessage { TradeId = tradeId, TakeReply = new TakeReply { Accepted = false, Reason = reason } }, cancellationToken).ConfigureAwait(false);
            return;
        }

        _logger.LogInformation("Take request {TradeId} for offer {OfferId} accepted", tradeId, request.OfferId);
        await SaveAndSendAsync(trade!, reply!, cancellationToken).ConfigureAwait(false);
        try
        {
            await _offers.CancelAsync(request.OfferId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NotFoundException or PreconditionFailedException or InvalidOperationException)
        {
            _logger.LogWarning("Offer {OfferId} taken by trade {TradeId} could not be withdrawn: {Reason}", request.OfferId, tradeId, e.Message);
        }
    }

    private async Task<(CurrencyTrade Trade, TradeMessage Reply)> AcceptAsync(string tradeId, NodeKey taker, TakeRequest request, Offer? offer, CancellationToken cancellationToken)
    {
        if (offer is null)
        {
            throw new PreconditionFailedException($"The offer {request.OfferId} is not an open offer of this node.");
        }


        if (request.AmountSats < offer.MinAmountSats || request.AmountSats > offer.AmountSats)
        {
            throw new InvalidInputException("amount_sats", $"The amount of {request.AmountSats} sats is outside the offer's range of {offer.MinAmountSats} to {offer.AmountSats} sats.");
        }

        if (!decimal.TryParse(request.Price, NumberStyles.Number, CultureInfo.InvariantCulture, out var price) || price != offer.Price || request.Currency != offer.Currency
            || request.PaymentMethodId != offer.PaymentMethodId || request.BuyerDepositSats != offer.BuyerDepositSats(request.AmountSats)
            || request.SellerDepositSats != offer.SellerDepositSats(request.AmountSats))
        {
            // Edited since the taker saw it: the taker agreed to other terms, so it takes the new ones or nothing.
            throw new PreconditionFailedException($"The offer {offer.Id} changed after you saw it: it now asks {offer.Price.ToString(CultureInfo.InvariantCulture)} {offer.Currency} per BTC "
                + $"by {offer.PaymentMethodId}, with deposits of {offer.BuyerDepositSats(request.AmountSats)} sats (buyer) and {offer.SellerDepositSats(request.AmountSats)} sats (seller). "
                + "Look at it again and take it if it suits you.");
        }

        if (!NodeKey.TryCreate(request.ArbitratorNodeKey.Span, out var arbitratorKey) || !offer.Arbitrators.Contains(arbitratorKey.Id))
        {
            throw new InvalidInputException("arbitrator", "The chosen arbitrator is not one of the offer's arbitrators.");
        }

        var arbitrator = _arbitrators.Get(arbitratorKey.Id);
        if (arbitrator.NodeKey == taker || arbitrator.NodeKey == _node.Identity.PublicKey)
        {
            throw new InvalidInputException("arbitrator", "The arbitrator cannot be one of the traders.");
        }

        if (request.EscrowKey.Length != 33 || !PubKey.TryCreate(request.EscrowKey.Span, out _) || request.PayoutScript.IsEmpty || request.ChangeScript.IsEmpty || request.Inputs.Count == 0)
        {
            throw new InvalidInputException("take_request", "The take request lacks a valid escrow key, payout or change script, or inputs.");
        }

        var takerCoins = new List<Coin>();
        foreach (var input in request.Inputs)
        {
            var coin = new Coin(new OutPoint(new UInt256(input.Txid.Span), input.Index), new TxOut(Money.Satoshis(input.AmountSats), new Script(input.ScriptPubKey.Span)));
            var onChain = await _chain.GetTxOutAsync(coin.Outpoint, includeMempool: true, cancellationToken).ConfigureAwait(false);
            if (onChain is null || onChain.Output.Value != coin.Amount || onChain.Output.ScriptPubKey != coin.ScriptPubKey)
            {
                throw new PreconditionFailedException($"The taker's coin {coin.Outpoint} is not an unspent output of {coin.Amount.Satoshi} sats.");
            }

            takerCoins.Add(coin);
        }

        var side = MakerSide(offer);
        var takerSide = TakerSide(offer);
        var amount = request.AmountSats;
        var buyerDeposit = offer.BuyerDepositSats(amount);
        var sellerDeposit = offer.SellerDepositSats(amount);
        var myShare = CurrencyTradeTerms.EscrowShare(side, amount, buyerDeposit, sellerDeposit);
        var takerShare = CurrencyTradeTerms.EscrowShare(takerSide, amount, buyerDeposit, sellerDeposit);

        // The offer's hold becomes the trade's coin reservation in one wallet step (a crash leaves one or the other,
        // and a re-run after restart finds the reservation made). No free coin (the only one is locked in another
        // trade's unconfirmed deposit): the request is refused with the wallet's numbers, the offer and its hold stay.
        var offerHold = $"offer/{offer.Id}";
        var held = _wallet.GetHeld(offerHold);
        var reservation = CurrencyTrade.ReservationFor(tradeId);
        try
        {
            _wallet.ReserveFromHold(offerHold, reservation, myShare + _options.FeeReserveSats);
        }
        catch (PreconditionFailedException e)
        {
            throw new PreconditionFailedException($"The maker's funds for this offer are not free now; the offer stays open, try again later. {e.Message}");
        }

        try
        {
            var myCoins = _wallet.GetReservedCoins(reservation).Select(c => c.ToCoin()).ToList();
            var myEscrowKey = EscrowKey(tradeId).PubKey;
            var payout = _wallet.NewAddress().ScriptPubKey;
            var change = _wallet.GetChangeAddress().ScriptPubKey;
            var paymentAccount = PaymentAccountFor(offer.Id);
            var makerIsBuyer = side == TradeSide.Buyer;
            var contract = new TradeContract
            {
                TradeId = tradeId,
                Kind = TradeKind.Currency,
                Network = Network.Name,
                TermsItem = _node.Store.Find(_node.Identity.PublicKey, ItemKind.Offer, offer.Id)?.ToByteString() ?? ByteString.Empty,
                BuyerNodeKey = ByteString.CopyFrom(makerIsBuyer ? _node.Identity.PublicKey.Span : taker.Span),
                SellerNodeKey = ByteString.CopyFrom(makerIsBuyer ? taker.Span : _node.Identity.PublicKey.Span),
                ArbitratorNodeKey = ByteString.CopyFrom(arbitrator.NodeKey.Span),
                BuyerIsMaker = makerIsBuyer,
                AmountSats = amount,
                BuyerDepositSats = buyerDeposit,
                SellerDepositSats = sellerDeposit,
                Price = offer.Price.ToString(CultureInfo.InvariantCulture),
                FiatAmount = offer.FiatFor(amount).ToString(CultureInfo.InvariantCulture),
                Currency = offer.Currency,
                PaymentMethodId = offer.PaymentMethodId,
                MaxTradePeriodSeconds = (long)offer.MaxTradePeriod.TotalSeconds,
                SellerPaymentAccount = makerIsBuyer ? request.PaymentAccount : paymentAccount,
                BuyerPaymentAccount = makerIsBuyer ? paymentAccount : request.PaymentAccount,
                BuyerEscrowKey = makerIsBuyer ? ByteString.CopyFrom(myEscrowKey.ToBytes()) : request.EscrowKey,
                SellerEscrowKey = makerIsBuyer ? request.EscrowKey : ByteString.CopyFrom(myEscrowKey.ToBytes()),
                ArbitratorEscrowKey = ByteString.CopyFrom(EscrowKeyDerivation.DerivePubKey(ExtPubKeyOf(arbitrator.EscrowXpub), tradeId).ToBytes()),
                ArbitratorEscrowXpub = arbitrator.EscrowXpub,
                ArbitratorFeeBps = arbitrator.FeeBps,
                BuyerPayoutScript = makerIsBuyer ? ByteString.CopyFrom(payout.ToBytes()) : request.PayoutScript,
                SellerPayoutScript = makerIsBuyer ? request.PayoutScript : ByteString.CopyFrom(payout.ToBytes()),
                CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            var problems = TradeContracts.Check(contract, Network);
            if (problems.Count > 0)
            {
                throw new InvalidInputException("take_request", string.Join(" ", problems));
            }

            var escrow = TradeContracts.ToEscrow(contract, Network);
            if (!escrow.Contains(myEscrowKey))
            {
                throw new InvalidInputException("take_request", "This node's escrow key is not in the escrow.");
            }

            var feeRate = await FeeRateAsync(cancellationToken).ConfigureAwait(false);
            var fee = feeRate.GetFee(CurrencyTradeTerms.DepositVirtualSize(myCoins.Count + takerCoins.Count, 2)).Satoshi;
            var mine = new DepositContribution(makerIsBuyer ? EscrowRole.Buyer : EscrowRole.Seller, myCoins, myShare, CurrencyTradeTerms.FeeShare(side, fee), change);
            var theirs = new DepositContribution(makerIsBuyer ? EscrowRole.Seller : EscrowRole.Buyer, takerCoins, takerShare, CurrencyTradeTerms.FeeShare(takerSide, fee), new Script(request.ChangeScript.Span));
            var deposit = EscrowDeposits.CreateDeposit(escrow, makerIsBuyer ? [mine, theirs] : [theirs, mine]);
            var depositProblems = EscrowDeposits.CheckDeposit(deposit, escrow, mine);
            if (depositProblems.Count > 0)
            {
                throw new InvalidInputException("take_request", string.Join(" ", depositProblems));
            }

            var contractBytes = contract.ToByteArray();
            var signature = TradeContracts.Sign(_node.Identity, contractBytes);
            var trade = CurrencyTrade.StartAccepted(tradeId, offer.Id, side, amount, taker.ToArray(), paymentAccount, request.ToByteArray(),
                contractBytes, signature, deposit.ToBytes(), Hex(deposit.GetGlobalTransaction().GetHash()), _time.GetUtcNow());
            var reply = new TradeMessage
            {
                TradeId = tradeId,
                TakeReply = new TakeReply { Accepted = true, Contract = ByteString.CopyFrom(contractBytes), MakerSignature = ByteString.CopyFrom(signature), DepositPsbt = ByteString.CopyFrom(deposit.ToBytes()) },
            };
            return (trade, reply);
        }
        catch
        {
            _wallet.ReturnToHold(reservation, offerHold, held);
            throw;
        }
    }

    /// <summary>Maker: the taker's contract signature and deposit signatures. Checked, signed, broadcast.</summary>
    private async Task OnDepositSignedAsync(CurrencyTrade trade, DepositSigned message, CancellationToken cancellationToken)
    {
        if (trade.State != TradeState.Accepted)
        {
            return;
        }

        var contract = ContractOf(trade);
        var takerKey = KeyOf(contract.BuyerIsMaker ? contract.SellerNodeKey : contract.BuyerNodeKey);
        var now = _time.GetUtcNow();
        string? problem = null;
        Transaction? transaction = null;
        PSBT? combined = null;
        if (!TradeContracts.Verify(takerKey, trade.Contract, message.TakerSignature.Span))
        {
            problem = "The taker's signature on the contract is missing or wrong.";
        }
        else if (!PSBT.TryLoad(message.DepositPsbt.Span, Network, out var received) || Hex(received.GetGlobalTransaction().GetHash()) != trade.DepositTxid)
        {
            problem = "The signed deposit is not the deposit this node built.";
        }
        else
        {
            // Start from this node's own copy (its view of every input), sign own inputs, add the taker's signatures.
            combined = _wallet.SignOwnInputs(PSBT.Load(trade.DepositPsbt, Network));
            try
            {
                combined.Combine(received);
                if (combined.TryFinalize(out var errors))
                {
                    transaction = combined.ExtractTransaction();
                }
                else
                {
                    problem = "The deposit is not fully signed: " + string.Join("; ", errors.Select(e => e.ToString()));
                }
            }
            catch (PSBTException e)
            {
                problem = "The signed deposit cannot be combined: " + e.Message;
            }
        }

        if (problem is not null)
        {
            trade.Fail(problem, now);
            ReleaseReservation(trade);
            _logger.LogWarning("Trade {TradeId} failed: {Reason}", trade.Id, problem);
            await SaveAndSendAsync(trade, new TradeMessage { TradeId = trade.Id, Cancel = new Cancel { Reason = problem } }, cancellationToken).ConfigureAwait(false);
            return;
        }

        trade.SignDeposit(message.TakerSignature.ToByteArray(), combined!.ToBytes(), now);
        trade.PublishDeposit(transaction!.ToBytes(), now);
        var published = new TradeMessage
        {
            TradeId = trade.Id,
            DepositPublished = new DepositPublished { Txid = ByteString.CopyFrom(transaction.GetHash().ToBytes()), Transaction = ByteString.CopyFrom(transaction.ToBytes()) },
        };
        trade.RecordOutgoing(published.ToByteArray(), now);
        Save(trade);
        await BroadcastAsync(trade.Id, transaction, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Trade {TradeId}: deposit {Txid} published", trade.Id, trade.DepositTxid);
        await SendAsync(trade.PeerKey, published.ToByteArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Taker: the maker published the deposit; keep the signed transaction to re-broadcast it if needed.</summary>
    private void OnDepositPublished(CurrencyTrade trade, DepositPublished message)
    {
        if (trade.State != TradeState.DepositSigned)
        {
            return;
        }

        Transaction transaction;
        try
        {
            transaction = Transaction.FromBytes(message.Transaction.ToByteArray());
        }
        catch (FormatException)
        {
            Reject(trade.Id, NodeKey.Create(trade.PeerKey), "The published deposit does not parse.");
            return;
        }

        if (Hex(transaction.GetHash()) != trade.DepositTxid)
        {
            Reject(trade.Id, NodeKey.Create(trade.PeerKey), "The published deposit is not the deposit of this trade.");
            return;
        }

        trade.PublishDeposit(transaction.ToBytes(), _time.GetUtcNow());
        Save(trade);
    }

    private Bitcoin.Bip32.ExtPubKey ExtPubKeyOf(string xpub) => Bitcoin.Bip32.ExtPubKey.Parse(xpub, Network);
}
