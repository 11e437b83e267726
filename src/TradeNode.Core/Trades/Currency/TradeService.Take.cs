using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Bitcoin.Psbt;
using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Trades.Contracts;
using TradeNode.Core.Trades.Escrow;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    /// <summary>
    /// Takes the offer <paramref name="offerId"/> for <paramref name="amountSats"/> with the arbitrator
    /// <paramref name="arbitratorNodeId"/> (one of the offer's, with a known profile), showing the maker
    /// <paramref name="paymentAccount"/>. Reserves this node's contribution (escrow share plus a fee margin) under
    /// "trade:{id}", persists the trade and sends the take request. The maker answers through the mailbox.
    /// </summary>
    public async Task<CurrencyTrade> TakeOfferAsync(string offerId, long amountSats, string arbitratorNodeId, string paymentAccount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentAccount);
        var offer = _offers.Get(offerId);
        if (offer.MakerKey == _node.Identity.PublicKey)
        {
            throw new PreconditionFailedException($"The offer {offerId} is this node's own; it cannot take it.");
        }

        if (amountSats < offer.MinAmountSats || amountSats > offer.AmountSats)
        {
            throw new InvalidInputException("amount_sats", $"The amount must be between {offer.MinAmountSats} and {offer.AmountSats} satoshis for this offer, not {amountSats}.");
        }

        if (!NodeId.TryParse(arbitratorNodeId, out var arbitratorId) || !offer.Arbitrators.Contains(arbitratorId))
        {
            throw new InvalidInputException("arbitrator", "The arbitrator must be one of the offer's arbitrators, given by node id.");
        }

        var arbitrator = _arbitrators.Get(arbitratorId);
        var side = TakerSide(offer);
        var tradeId = MarketRules.NewId();
        var share = CurrencyTradeTerms.EscrowShare(side, amountSats, offer.BuyerDepositSats(amountSats), offer.SellerDepositSats(amountSats));
        var reservation = CurrencyTrade.ReservationFor(tradeId);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _wallet.Reserve(reservation, share + _options.FeeReserveSats);
            try
            {
                var request = new TakeRequest
                {
                    OfferId = offer.Id,
                    OfferVersion = ByteString.CopyFrom(offer.Version.Span),
                    AmountSats = amountSats,
                    ArbitratorNodeKey = ByteString.CopyFrom(arbitrator.NodeKey.Span),
                    EscrowKey = ByteString.CopyFrom(EscrowKey(tradeId).PubKey.ToBytes()),
                    PayoutScript = ByteString.CopyFrom(_wallet.NewAddress().ScriptPubKey.ToBytes()),
                    PaymentAccount = paymentAccount,
                    ChangeScript = ByteString.CopyFrom(_wallet.GetChangeAddress().ScriptPubKey.ToBytes()),
                    CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    Price = offer.Price.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Currency = offer.Currency,
                    PaymentMethodId = offer.PaymentMethodId,
                    BuyerDepositSats = offer.BuyerDepositSats(amountSats),
                    SellerDepositSats = offer.SellerDepositSats(amountSats),
                };
                foreach (var coin in _wallet.GetReservedCoins(reservation))
                {
                    request.Inputs.Add(new DepositInput
                    {
                        Txid = ByteString.CopyFrom(coin.Outpoint.Hash.ToBytes()),
                        Index = coin.Outpoint.N,
                        AmountSats = coin.AmountSats,
                        ScriptPubKey = ByteString.CopyFrom(coin.ScriptPubKey.ToBytes()),
                    });
                }

                var trade = CurrencyTrade.StartTake(tradeId, offer.Id, side, amountSats, offer.MakerKey.ToArray(), paymentAccount, request.ToByteArray(), _time.GetUtcNow());
                _logger.LogInformation("Taking offer {OfferId} as trade {TradeId}: {AmountSats} sats, {Side}", offer.Id, tradeId, amountSats, side);
                await SaveAndSendAsync(trade, new TradeMessage { TradeId = tradeId, TakeRequest = request }, cancellationToken).ConfigureAwait(false);
                return trade;
            }
            catch
            {
                _wallet.Release(reservation);
                _trades.Delete(tradeId);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Cancels trade <paramref name="tradeId"/> before the deposit is signed: releases this node's reservation and
    /// tells the counterparty. <see cref="PreconditionFailedException"/> once the deposit is signed.
    /// </summary>
    public async Task<CurrencyTrade> CancelAsync(string tradeId, string reason, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var trade = Get(tradeId);
            trade.Cancel(string.IsNullOrWhiteSpace(reason) ? "Cancelled by this node." : reason, _time.GetUtcNow());
            ReleaseReservation(trade);
            _logger.LogInformation("Trade {TradeId} cancelled here", tradeId);
            await SaveAndSendAsync(trade, new TradeMessage { TradeId = tradeId, Cancel = new Cancel { Reason = trade.LastError } }, cancellationToken).ConfigureAwait(false);
            return trade;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Taker: the maker's answer. Accepted: check everything, sign the contract and own deposit inputs, send them.</summary>
    private async Task OnTakeReplyAsync(CurrencyTrade trade, TakeReply reply, CancellationToken cancellationToken)
    {
        if (trade.State != TradeState.TakeRequested)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (!reply.Accepted)
        {
            trade.Refuse(string.IsNullOrWhiteSpace(reply.Reason) ? "The maker refused without a reason." : reply.Reason, now);
            ReleaseReservation(trade);
            _logger.LogInformation("Trade {TradeId} refused by the maker: {Reason}", trade.Id, trade.LastError);
            Save(trade);
            return;
        }

        var request = TakeRequest.Parser.ParseFrom(trade.Request);
        var problems = CheckReply(trade, request, reply, out var deposit);
        if (problems.Count > 0)
        {
            var reason = "The maker's contract or deposit was refused: " + string.Join(" ", problems);
            trade.Fail(reason, now);
            ReleaseReservation(trade);
            _logger.LogWarning("Trade {TradeId} failed: {Reason}", trade.Id, reason);
            await SaveAndSendAsync(trade, new TradeMessage { TradeId = trade.Id, Cancel = new Cancel { Reason = reason } }, cancellationToken).ConfigureAwait(false);
            return;
        }

        var contractBytes = reply.Contract.ToByteArray();
        trade.Accept(contractBytes, reply.MakerSignature.ToByteArray(), reply.DepositPsbt.ToByteArray(), Hex(deposit!.GetGlobalTransaction().GetHash()), now);
        var takerSignature = TradeContracts.Sign(_node.Identity, contractBytes);
        var signed = _wallet.SignOwnInputs(deposit);
        trade.SignDeposit(takerSignature, signed.ToBytes(), now);
        _logger.LogInformation("Trade {TradeId}: contract and deposit signed", trade.Id);
        await SaveAndSendAsync(trade, new TradeMessage
        {
            TradeId = trade.Id,
            DepositSigned = new DepositSigned { TakerSignature = ByteString.CopyFrom(takerSignature), DepositPsbt = ByteString.CopyFrom(signed.ToBytes()) },
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Everything wrong with the maker's contract and deposit from the taker's point of view.</summary>
    private static bool SamePrice(string a, string b) =>
        decimal.TryParse(a, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var y)
        && x == y;

    private List<string> CheckReply(CurrencyTrade trade, TakeRequest request, TakeReply reply, out PSBT? deposit)
    {
        deposit = null;
        TradeContract contract;
        try
        {
            contract = TradeContract.Parser.ParseFrom(reply.Contract);
        }
        catch (InvalidProtocolBufferException)
        {
            return ["The contract does not parse."];
        }

        var problems = TradeContracts.Check(contract, Network).ToList();
        if (problems.Count > 0)
        {
            return problems;
        }

        var me = _node.Identity.PublicKey.ToArray();
        var mine = trade.Side == TradeSide.Buyer;
        Expect(problems, contract.TradeId == trade.Id, "The contract is for another trade.");
        Expect(problems, contract.Kind == TradeKind.Currency, "The contract is not a currency trade.");
        Expect(problems, contract.AmountSats == request.AmountSats, "The contract's amount is not the amount taken.");
        Expect(problems, (mine ? contract.BuyerNodeKey : contract.SellerNodeKey).Span.SequenceEqual(me), "The contract does not name this node in its role.");
        Expect(problems, (mine ? contract.SellerNodeKey : contract.BuyerNodeKey).Span.SequenceEqual(trade.PeerKey), "The contract does not name the offer's maker as the counterparty.");
        Expect(problems, contract.BuyerIsMaker == !mine, "The contract gets the maker's role wrong.");
        Expect(problems, (mine ? contract.BuyerEscrowKey : contract.SellerEscrowKey) == request.EscrowKey, "The contract does not hold this node's escrow key.");
        Expect(problems, (mine ? contract.BuyerPayoutScript : contract.SellerPayoutScript) == request.PayoutScript, "The contract does not pay this node's payout address.");
        Expect(problems, (mine ? contract.BuyerPaymentAccount : contract.SellerPaymentAccount) == request.PaymentAccount, "The contract changed this node's payment account.");
        Expect(problems, contract.ArbitratorNodeKey == request.ArbitratorNodeKey, "The contract names another arbitrator.");
        // Against the terms this node agreed to when it took the offer (kept in its request), never against what its
        // offer book shows by now: an edit that reached the book since must not slip into the trade.
        Expect(problems, contract.BuyerDepositSats == request.BuyerDepositSats && contract.SellerDepositSats == request.SellerDepositSats, "The contract's deposits differ from the offer this node took.");
        Expect(problems, contract.Currency == request.Currency && contract.PaymentMethodId == request.PaymentMethodId && SamePrice(contract.Price, request.Price),
            "The contract's price, currency or payment method differ from the offer this node took (the maker changed the offer since).");

        if (_arbitrators.IsKnown(KeyOf(request.ArbitratorNodeKey).Id))
        {
            Expect(problems, contract.ArbitratorEscrowXpub == _arbitrators.Get(KeyOf(request.ArbitratorNodeKey).Id).EscrowXpub, "The contract's arbitrator key is not from the arbitrator's published profile.");
        }

        Expect(problems, TradeContracts.Verify(NodeKey.Create(trade.PeerKey), reply.Contract.Span, reply.MakerSignature.Span), "The maker's signature on the contract is missing or wrong.");
        var escrow = TradeContracts.ToEscrow(contract, Network);
        Expect(problems, escrow.Contains(EscrowKey(trade.Id).PubKey), "This node's escrow key is not in the escrow.");
        if (problems.Count > 0)
        {
            return problems;
        }

        if (!PSBT.TryLoad(reply.DepositPsbt.Span, Network, out deposit))
        {
            return ["The deposit PSBT does not parse."];
        }

        var fee = CurrencyTradeTerms.Fee(deposit);
        var transaction = deposit.GetGlobalTransaction();
        if (fee <= 0 || FeeTooHigh(fee, CurrencyTradeTerms.DepositVirtualSize(transaction.Inputs.Count, transaction.Outputs.Count - 1)))
        {
            return [$"The deposit's mining fee of {fee} sats is not acceptable."];
        }

        var coins = request.Inputs.Select(i => new Coin(new OutPoint(new UInt256(i.Txid.Span), i.Index), new TxOut(Money.Satoshis(i.AmountSats), new Script(i.ScriptPubKey.Span)))).ToList();
        var contribution = new DepositContribution(
            mine ? EscrowRole.Buyer : EscrowRole.Seller,
            coins,
            CurrencyTradeTerms.EscrowShare(trade.Side, contract.AmountSats, contract.BuyerDepositSats, contract.SellerDepositSats),
            CurrencyTradeTerms.FeeShare(trade.Side, fee),
            new Script(request.ChangeScript.Span));
        problems.AddRange(EscrowDeposits.CheckDeposit(deposit, escrow, contribution));
        return problems;
    }

    private static void Expect(List<string> problems, bool condition, string problem)
    {
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
