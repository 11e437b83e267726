using Google.Protobuf;
using LiteDB;
using Microsoft.Extensions.Logging;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Protocol;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Mailbox;

namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService
{
    /// <summary>Parses, authenticates and applies one order message; anything wrong is rejected and changes nothing.</summary>
    public async Task HandleMailAsync(ReceivedMessage received, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(received);
        OrderMessage message;
        try
        {
            message = OrderMessage.Parser.ParseFrom(received.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
            Reject(string.Empty, received.Sender, "Not an order message.");
            return;
        }

        if (message.BodyCase == OrderMessage.BodyOneofCase.None || string.IsNullOrEmpty(message.OrderId))
        {
            Reject(message.OrderId, received.Sender, "An order message without an order id or body.");
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_wallet.Exists || !_wallet.IsUnlocked)
            {
                // Every check of an order needs this node's escrow keys: keep the message until the wallet is unlocked.
                Park(received);
                return;
            }

            if (message.BodyCase == OrderMessage.BodyOneofCase.OrderRequest)
            {
                await OnOrderRequestAsync(message.OrderId, received.Sender, message.OrderRequest, cancellationToken).ConfigureAwait(false);
                return;
            }

            var order = Find(message.OrderId);
            if (order is null)
            {
                Reject(message.OrderId, received.Sender, "No such order here.");
                return;
            }

            if (ExpectedSender(order, message.BodyCase) is not { } expected || expected != received.Sender)
            {
                Reject(order.Id, received.Sender, $"A {message.BodyCase} message for this order may only come from the contract's party that sends it.");
                return;
            }

            var before = (order.State, order.Updated);
            switch (message.BodyCase)
            {
                case OrderMessage.BodyOneofCase.OrderRefused:
                    await OnRefusedAsync(order, message.OrderRefused, cancellationToken).ConfigureAwait(false);
                    break;
                case OrderMessage.BodyOneofCase.OrderAccepted:
                    OnAccepted(order, message.OrderAccepted);
                    break;
                case OrderMessage.BodyOneofCase.OrderFulfilled:
                    OnFulfilled(order, message.OrderFulfilled);
                    break;
                case OrderMessage.BodyOneofCase.ReceiptConfirmed:
                    await OnReceiptConfirmedAsync(order, message.ReceiptConfirmed, cancellationToken).ConfigureAwait(false);
                    break;
                case OrderMessage.BodyOneofCase.RefundProposal:
                    await OnRefundProposalAsync(order, message.RefundProposal, cancellationToken).ConfigureAwait(false);
                    break;
                case OrderMessage.BodyOneofCase.EscrowSpent:
                    OnEscrowSpent(order, message.EscrowSpent);
                    break;
            }

            await AnswerStaleAsync(order, before, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is PreconditionFailedException or InvalidInputException or FormatException or InvalidProtocolBufferException or ArgumentException)
        {
            Reject(message.OrderId, received.Sender, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A chain or storage failure must not end the loop: the order stays as persisted and a re-send tries again.
            _logger.LogError(e, "Order message {MessageCase} for {OrderId} failed", message.BodyCase, message.OrderId);
            Reject(message.OrderId, received.Sender, "The message could not be handled now.");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// One pass: the messages parked while the wallet was locked (once it is unlocked), then the open orders: funding
    /// broadcast and confirmation, payouts and refunds seen on chain.
    /// </summary>
    internal async Task PollChainAsync(CancellationToken cancellationToken = default)
    {
        await ReplayParkedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var id in List(open: true).Where(o => o.FundingTxid.Length > 0).Select(o => o.Id))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (Find(id) is { IsClosed: false } order)
                {
                    await CheckChainAsync(order, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Checking the chain for order {OrderId} failed: {Reason}", id, e.Message);
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Persists a message that arrived while the wallet was locked; the caller holds the lock.</summary>
    private void Park(ReceivedMessage received)
    {
        _parked.Upsert(new BsonDocument
        {
            ["_id"] = received.MessageIdHex,
            ["sender"] = received.Sender.ToArray(),
            ["sent"] = received.SentAt.ToUnixTimeMilliseconds(),
            ["payload"] = received.Payload,
        });
        _logger.LogInformation("Order message from {Sender} kept until the wallet is unlocked", received.Sender.Id);
    }

    /// <summary>Handles the parked messages in the order they were sent, once the wallet is unlocked; each is removed after it is handled.</summary>
    private async Task ReplayParkedAsync(CancellationToken cancellationToken)
    {
        if (!_wallet.Exists || !_wallet.IsUnlocked || _parked.Count() == 0)
        {
            return;
        }

        foreach (var doc in _parked.FindAll().OrderBy(d => d["sent"].AsInt64).ToList())
        {
            var received = new ReceivedMessage(NodeKey.Create(doc["sender"].AsBinary), Convert.FromHexString(doc["_id"].AsString),
                DateTimeOffset.FromUnixTimeMilliseconds(doc["sent"].AsInt64), doc["payload"].AsBinary);
            await HandleMailAsync(received, cancellationToken).ConfigureAwait(false);
            _parked.Delete(doc["_id"]);
        }
    }

    private async Task PollLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await PollChainAsync(cancellationToken).ConfigureAwait(false);
                await RaiseConfirmationChangesAsync(cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Moves <paramref name="order"/> on by what the chain shows; the caller holds the lock.</summary>
    private async Task CheckChainAsync(GoodsOrder order, CancellationToken cancellationToken)
    {
        if (order.State == OrderState.Funding)
        {
            await PublishFundingAsync(order, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (order.State == OrderState.AwaitingFunding)
        {
            await RecheckFundingAsync(order, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        if (order.FundingConfirmedAt is null)
        {
            var funding = await _chain.GetTransactionAsync(UInt256.Parse(order.FundingTxid), cancellationToken).ConfigureAwait(false);
            if (funding is null && order.FundingTransaction.Length > 0)
            {
                await BroadcastAsync(order.Id, Transaction.FromBytes(order.FundingTransaction), cancellationToken).ConfigureAwait(false);
            }
            else if (funding is not null && funding.Confirmations >= _options.FundingConfirmations)
            {
                order.ConfirmFunding(now);
                _logger.LogInformation("Order {OrderId}: funding confirmed", order.Id);
                Save(order);
            }
        }

        if (order.State == OrderState.Disputed)
        {
            return; // The dispute service watches the escrow now.
        }

        if (await SpentByAsync(order.Id, order.PayoutTxid, order.PayoutTransaction, cancellationToken).ConfigureAwait(false))
        {
            order.SettlePayout(now);
            _wallet.Release(order.ReservationId);
            _logger.LogInformation("Order {OrderId} completed", order.Id);
            Save(order);
        }
        else if (await SpentByAsync(order.Id, order.RefundTxid, order.RefundTransaction, cancellationToken).ConfigureAwait(false))
        {
            order.SettleRefund(now);
            _wallet.Release(order.ReservationId);
            _logger.LogInformation("Order {OrderId} ended {State}", order.Id, order.State);
            Save(order);
        }
    }

    /// <summary>True when <paramref name="txid"/> is confirmed; re-broadcasts <paramref name="transaction"/> when the chain does not know it.</summary>
    private async Task<bool> SpentByAsync(string orderId, string txid, byte[] transaction, CancellationToken cancellationToken)
    {
        if (txid.Length == 0)
        {
            return false;
        }

        var found = await _chain.GetTransactionAsync(UInt256.Parse(txid), cancellationToken).ConfigureAwait(false);
        if (found is null && transaction.Length > 0)
        {
            await BroadcastAsync(orderId, Transaction.FromBytes(transaction), cancellationToken).ConfigureAwait(false);
        }

        return found is { Confirmations: > 0 };
    }

    /// <summary>Persists the signed payout or refund with the message that announces it, broadcasts it, then tells the other side.</summary>
    private async Task PublishSpendAsync(GoodsOrder order, Transaction transaction, CancellationToken cancellationToken)
    {
        var message = new OrderMessage
        {
            OrderId = order.Id,
            EscrowSpent = new EscrowSpent { Txid = ByteString.CopyFrom(transaction.GetHash().ToBytes()), Transaction = ByteString.CopyFrom(transaction.ToBytes()) },
        };
        order.RecordOutgoing(message.ToByteArray(), _time.GetUtcNow());
        Save(order);
        await BroadcastAsync(order.Id, transaction, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Order {OrderId}: escrow spent by {Txid}", order.Id, transaction.GetHash());
        await SendAsync(order.PeerKey, message.ToByteArray(), cancellationToken).ConfigureAwait(false);
    }

    private async Task BroadcastAsync(string orderId, Transaction transaction, CancellationToken cancellationToken)
    {
        var result = await _chain.BroadcastAsync(transaction, cancellationToken).ConfigureAwait(false);
        if (!result.Accepted)
        {
            _logger.LogWarning("Order {OrderId}: broadcast of {Txid} refused: {Reason}", orderId, result.Txid, result.RejectReason);
        }
    }

    /// <summary>The other side broadcast the payout or refund this node signed: keep the transaction to re-broadcast it.</summary>
    private void OnEscrowSpent(GoodsOrder order, EscrowSpent message)
    {
        Transaction transaction;
        try
        {
            transaction = Transaction.FromBytes(message.Transaction.ToByteArray());
        }
        catch (FormatException)
        {
            Reject(order.Id, NodeKey.Create(order.PeerKey), "The spending transaction does not parse.");
            return;
        }

        var txid = Hex(transaction.GetHash());
        if (order.State == OrderState.PayoutSigned && txid == order.PayoutTxid)
        {
            order.PublishPayout(transaction.ToBytes(), _time.GetUtcNow());
            Save(order);
        }
        else if (order.State == OrderState.RefundSigned && txid == order.RefundTxid)
        {
            order.PublishRefund(transaction.ToBytes(), _time.GetUtcNow());
            Save(order);
        }
        else if (txid != order.PayoutTxid && txid != order.RefundTxid)
        {
            Reject(order.Id, NodeKey.Create(order.PeerKey), "The spending transaction is neither the payout nor the refund of this order.");
        }
    }

    /// <summary>
    /// A message from the counterparty that changed nothing here usually means it is behind: send our last message
    /// again, once per order while this service runs, so two up-to-date nodes cannot bounce stale messages forever.
    /// </summary>
    private async Task AnswerStaleAsync(GoodsOrder order, (OrderState State, DateTimeOffset Updated) before, CancellationToken cancellationToken)
    {
        if ((order.State, order.Updated) == before && !order.IsClosed && order.LastOutgoing.Length > 0 && _answeredStale.Add(order.Id))
        {
            await SendAsync(order.PeerKey, order.LastOutgoing, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The node key that may send a <paramref name="kind"/> message about <paramref name="order"/>, from the contract:
    /// the vendor refuses, accepts, fulfils and proposes refunds (to the buyer); the buyer confirms receipt (to the
    /// vendor); either announces the escrow spent. Null when no one may (or this node itself would be that sender).
    /// </summary>
    private NodeKey? ExpectedSender(GoodsOrder order, OrderMessage.BodyOneofCase kind)
    {
        if (order.Contract.Length == 0)
        {
            return null;
        }

        var allowed = kind switch
        {
            OrderMessage.BodyOneofCase.OrderRefused or OrderMessage.BodyOneofCase.OrderAccepted or OrderMessage.BodyOneofCase.OrderFulfilled
                or OrderMessage.BodyOneofCase.RefundProposal => order.IsBuyer,
            OrderMessage.BodyOneofCase.ReceiptConfirmed => !order.IsBuyer,
            OrderMessage.BodyOneofCase.EscrowSpent => true,
            _ => false,
        };
        var peer = order.IsBuyer ? order.VendorNodeKey : order.BuyerNodeKey;
        return allowed && peer != _node.Identity.PublicKey ? peer : null;
    }
}
