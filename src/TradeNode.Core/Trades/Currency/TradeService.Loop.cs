using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Trades.Currency;

public sealed partial class TradeService
{
    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await ReplayParkedAsync(cancellationToken).ConfigureAwait(false);
                await PollChainAsync(cancellationToken).ConfigureAwait(false);
                await RaiseConfirmationChangesAsync(cancellationToken).ConfigureAwait(false);
                await ResendStalledAsync(cancellationToken).ConfigureAwait(false);
                await _waiter.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass over the open trades: deposit confirmations, payout confirmations, re-broadcasts.</summary>
    internal async Task PollChainAsync(CancellationToken cancellationToken = default)
    {
        foreach (var id in List(open: true).Where(t => t.State >= TradeState.DepositSigned).Select(t => t.Id))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Find(id) is { IsClosed: false } trade)
                {
                    await CheckChainAsync(trade, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Checking the chain for trade {TradeId} failed: {Reason}", id, e.Message);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Sends the last message again of each trade that waits on the counterparty and has not moved for
    /// <see cref="TradeOptions.ResendAfter"/>, then again after twice as long each time: a mailbox message lost on the
    /// way (a dropped relay, a peer that was down) must not stall a trade. The peer ignores what it already has.
    /// </summary>
    private async Task ResendStalledAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var open = List(open: true).Where(WaitsOnCounterparty).ToList();
        foreach (var gone in _resends.Keys.Except(open.Select(t => t.Id), StringComparer.Ordinal).ToList())
        {
            _resends.Remove(gone);
        }

        foreach (var trade in open)
        {
            if (!_resends.TryGetValue(trade.Id, out var plan) || plan.Updated != trade.Updated)
            {
                plan = (trade.Updated, trade.Updated + _options.ResendAfter, _options.ResendAfter);
            }

            if (now >= plan.Next)
            {
                _logger.LogInformation("Trade {TradeId}: no answer from the counterparty since {Updated}; sending the last message again", trade.Id, trade.Updated);
                await SendAsync(trade.PeerKey, trade.LastOutgoing, cancellationToken).ConfigureAwait(false);
                var wait = plan.Wait * 2 > _options.MaxResendInterval ? _options.MaxResendInterval : plan.Wait * 2;
                plan = (plan.Updated, now + wait, wait);
            }

            _resends[trade.Id] = plan;
        }
    }

    /// <summary>True for the states in which the trade moves on only by the counterparty's next message.</summary>
    private static bool WaitsOnCounterparty(CurrencyTrade trade) => trade.LastOutgoing.Length > 0 && trade.State switch
    {
        TradeState.TakeRequested or TradeState.Accepted or TradeState.DepositSigned or TradeState.PayoutProposed => true,
        TradeState.PaymentSent => trade.Side == TradeSide.Buyer,
        _ => false,
    };

    /// <summary>Moves <paramref name="trade"/> on by what the chain shows; the caller holds the lock.</summary>
    private async Task CheckChainAsync(CurrencyTrade trade, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (trade.State is TradeState.DepositSigned or TradeState.DepositPublished)
        {
            var deposit = await _chain.GetTransactionAsync(UInt256.Parse(trade.DepositTxid), cancellationToken).ConfigureAwait(false);
            if (deposit is null && trade.DepositTransaction.Length > 0)
            {
                await BroadcastAsync(trade.Id, Transaction.FromBytes(trade.DepositTransaction), cancellationToken).ConfigureAwait(false);
            }
            else if (deposit is not null && deposit.Confirmations >= _options.DepositConfirmations)
            {
                trade.ConfirmDeposit(now, TimeSpan.FromSeconds(ContractOf(trade).MaxTradePeriodSeconds));
                _logger.LogInformation("Trade {TradeId}: deposit confirmed; deadline {Deadline}", trade.Id, trade.Deadline);
                Save(trade);
            }
        }

        if (trade.State is TradeState.PayoutProposed or TradeState.PayoutPublished)
        {
            var payout = await _chain.GetTransactionAsync(UInt256.Parse(trade.PayoutTxid), cancellationToken).ConfigureAwait(false);
            if (payout is null && trade.PayoutTransaction.Length > 0)
            {
                await BroadcastAsync(trade.Id, Transaction.FromBytes(trade.PayoutTransaction), cancellationToken).ConfigureAwait(false);
            }
            else if (payout is { Confirmations: > 0 })
            {
                trade.Complete(now);
                ReleaseReservation(trade);
                _logger.LogInformation("Trade {TradeId} completed", trade.Id);
                Save(trade);
            }
        }
    }

    private async Task BroadcastAsync(string tradeId, Transaction transaction, CancellationToken cancellationToken)
    {
        var result = await _chain.BroadcastAsync(transaction, cancellationToken).ConfigureAwait(false);
        _waiter.Kick();
        _wallet.RequestSync();
        if (!result.Accepted)
        {
            _logger.LogWarning("Trade {TradeId}: broadcast of {Txid} refused: {Reason}", tradeId, result.Txid, result.RejectReason);
        }
    }

    /// <summary>Parses, authenticates and applies one trade message; anything wrong is rejected and changes nothing.</summary>
    public async Task HandleMailAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        TradeMessage message;
        try
        {
            message = TradeMessage.Parser.ParseFrom(received.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Reject(string.Empty, received.Sender, "Not a trade message.");
            return;
        }

        if (message.BodyCase == TradeMessage.BodyOneofCase.None || string.IsNullOrEmpty(message.TradeId))
        {
            Reject(message.TradeId, received.Sender, "A trade message without a trade id or body.");
            return;
        }

        if (!_wallet.IsUnlocked && NeedsKeys(message.BodyCase))
        {
            Park(received, message);
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (message.BodyCase == TradeMessage.BodyOneofCase.TakeRequest)
            {
                await OnTakeRequestAsync(message.TradeId, received.Sender, message.TakeRequest, cancellationToken).ConfigureAwait(false);
                return;
            }

            var trade = Find(message.TradeId);
            if (trade is null && message.BodyCase == TradeMessage.BodyOneofCase.Cancel && IsTradeId(message.TradeId))
            {
                // The taker's cancel overtook its request: remember the id, so the request is refused when it comes.
                Save(CurrencyTrade.StartRefused(message.TradeId, string.Empty, TradeSide.Seller, 0, received.Sender.ToArray(), [], "Cancelled by the taker before its request arrived.", _time.GetUtcNow()));
                return;
            }

            if (trade is null)
            {
                Reject(message.TradeId, received.Sender, "No such trade here.");
                return;
            }

            if (ExpectedSender(trade, message.BodyCase) is not { } expected || expected != received.Sender)
            {
                Reject(trade.Id, received.Sender, $"A {message.BodyCase} message for this trade may only come from the contract's party that sends it.");
                return;
            }

            var before = (trade.State, trade.Updated);
            switch (message.BodyCase)
            {
                case TradeMessage.BodyOneofCase.TakeReply:
                    await OnTakeReplyAsync(trade, message.TakeReply, cancellationToken).ConfigureAwait(false);
                    break;
                case TradeMessage.BodyOneofCase.DepositSigned:
                    await OnDepositSignedAsync(trade, message.DepositSigned, cancellationToken).ConfigureAwait(false);
                    break;
                case TradeMessage.BodyOneofCase.DepositPublished:
                    OnDepositPublished(trade, message.DepositPublished);
                    break;
                case TradeMessage.BodyOneofCase.PaymentSent:
                    await OnPaymentSentAsync(trade, cancellationToken).ConfigureAwait(false);
                    break;
                case TradeMessage.BodyOneofCase.PayoutProposal:
                    await OnPayoutProposalAsync(trade, message.PayoutProposal, cancellationToken).ConfigureAwait(false);
                    break;
                case TradeMessage.BodyOneofCase.PayoutPublished:
                    OnPayoutPublished(trade, message.PayoutPublished);
                    break;
                case TradeMessage.BodyOneofCase.Cancel:
                    OnCancel(trade, message.Cancel);
                    break;
            }

            await AnswerStaleAsync(trade, before, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PreconditionFailedException or InvalidInputException or FormatException or InvalidProtocolBufferException or ArgumentException)
        {
            Reject(message.TradeId, received.Sender, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A chain or storage failure must not end the loop: the trade stays as persisted and the peer's re-send
            // (or ours after a restart) tries again.
            _logger.LogError(e, "Trade message {MessageCase} for {TradeId} failed", message.BodyCase, message.TradeId);
            Reject(message.TradeId, received.Sender, "The message could not be handled now.");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Messages whose handling signs with the wallet's keys: the take request, the reply, the deposit signatures, the payout proposal.</summary>
    private static bool NeedsKeys(TradeMessage.BodyOneofCase kind) => kind is TradeMessage.BodyOneofCase.TakeRequest or TradeMessage.BodyOneofCase.TakeReply
        or TradeMessage.BodyOneofCase.DepositSigned or TradeMessage.BodyOneofCase.PayoutProposal;

    /// <summary>
    /// Keeps a message that needs the wallet's keys while the wallet is locked (a restarted node, say): the mailbox
    /// delivers each message once, so dropping it would stall the trade. Persisted, replayed once the wallet is unlocked.
    /// </summary>
    private void Park(ReceivedMessage received, TradeMessage message)
    {
        _parked.Upsert(new BsonDocument
        {
            ["_id"] = received.MessageIdHex,
            ["sender"] = received.Sender.ToArray(),
            ["sentAt"] = received.SentAt.UtcDateTime,
            ["payload"] = received.Payload,
        });
        _logger.LogWarning("Trade {TradeId}: a {MessageCase} message waits until the wallet is unlocked", message.TradeId, message.BodyCase);
    }

    /// <summary>Handles the parked messages, oldest first, once the wallet is unlocked.</summary>
    private async Task ReplayParkedAsync(CancellationToken cancellationToken)
    {
        if (!_wallet.IsUnlocked || _parked.Count() == 0)
        {
            return;
        }

        foreach (var doc in _parked.FindAll().OrderBy(d => d["sentAt"].AsDateTime).ToList())
        {
            _parked.Delete(doc["_id"]);
            var received = new ReceivedMessage(NodeKey.Create(doc["sender"].AsBinary), Convert.FromHexString(doc["_id"].AsString),
                new DateTimeOffset(doc["sentAt"].AsDateTime, TimeSpan.Zero), doc["payload"].AsBinary);
            await HandleMailAsync(received, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A message from the counterparty that changed nothing here usually means it is behind: a message of ours may
    /// have been delivered to it and lost when it stopped before handling it. Send our last message again, once per
    /// trade while this service runs, so two nodes that are both up to date cannot bounce stale messages forever.
    /// </summary>
    private async Task AnswerStaleAsync(CurrencyTrade trade, (TradeState State, DateTimeOffset Updated) before, CancellationToken cancellationToken)
    {
        if ((trade.State, trade.Updated) == before && !trade.IsClosed && trade.LastOutgoing.Length > 0 && _answeredStale.Add(trade.Id))
        {
            _logger.LogDebug("Trade {TradeId}: the counterparty looks behind; sending the last message again", trade.Id);
            await SendAsync(trade.PeerKey, trade.LastOutgoing, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The node key that may send a <paramref name="kind"/> message about <paramref name="trade"/>: the maker the
    /// reply, deposit publication; the taker the deposit signatures; the buyer payment sent and payout publication;
    /// the seller the payout proposal; either trader a cancel. Null when this node itself would be that sender.
    /// </summary>
    private NodeKey? ExpectedSender(CurrencyTrade trade, TradeMessage.BodyOneofCase kind)
    {
        var peer = NodeKey.Create(trade.PeerKey);
        var me = _node.Identity.PublicKey;
        var peerIsMaker = !trade.IsMaker;
        var peerIsBuyer = trade.Side == TradeSide.Seller;
        if (trade.Contract.Length > 0)
        {
            // With a contract, the counterparty is whoever the contract names in the other role.
            var contract = ContractOf(trade);
            peer = KeyOf(peerIsBuyer ? contract.BuyerNodeKey : contract.SellerNodeKey);
            if (peer == me)
            {
                return null;
            }
        }

        var allowed = kind switch
        {
            TradeMessage.BodyOneofCase.TakeReply or TradeMessage.BodyOneofCase.DepositPublished => peerIsMaker,
            TradeMessage.BodyOneofCase.DepositSigned => !peerIsMaker,
            TradeMessage.BodyOneofCase.PaymentSent or TradeMessage.BodyOneofCase.PayoutPublished => peerIsBuyer,
            TradeMessage.BodyOneofCase.PayoutProposal => !peerIsBuyer,
            TradeMessage.BodyOneofCase.Cancel => true,
            _ => false,
        };
        return allowed ? peer : null;
    }

    private void OnCancel(CurrencyTrade trade, Cancel message)
    {
        if (trade.State is not (TradeState.TakeRequested or TradeState.Accepted))
        {
            if (!trade.IsClosed)
            {
                Reject(trade.Id, NodeKey.Create(trade.PeerKey), "A cancel after the deposit was signed.");
            }

            return;
        }

        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "Cancelled by the counterparty." : "Cancelled by the counterparty: " + message.Reason;
        trade.Cancel(reason, _time.GetUtcNow());
        ReleaseReservation(trade);
        _logger.LogInformation("Trade {TradeId} cancelled by the counterparty", trade.Id);
        Save(trade);
    }
}
