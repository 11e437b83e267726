using Microsoft.Extensions.Logging;
using TradeNode.Core.Errors;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;

namespace TradeNode.Core.Trades.Goods;

public sealed partial class OrderService : IDisputableTrades
{
    /// <inheritdoc/>
    /// <remarks>For goods the buyer is <see cref="EscrowRole.Buyer"/> and the vendor <see cref="EscrowRole.Seller"/>; the
    /// vendor's payout script is the one it named when it accepted.</remarks>
    public DisputableEscrow? FindDisputable(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Find(id) is not { Contract.Length: > 0 } order)
        {
            return null;
        }

        return new DisputableEscrow(order.Id, order.IsBuyer ? EscrowRole.Buyer : EscrowRole.Seller, order.SignedContract,
            order.FundingTxid.Length > 0 ? order.FundingOutpoint : null, order.VendorPayoutScript, [], order.VendorSignature.Length == 0);
    }

    /// <summary>
    /// Buyer: from when a buyer-only dispute of <paramref name="order"/> may be opened (see
    /// <see cref="GoodsOrder.BuyerOnlyDisputeFrom"/> with <see cref="OrderOptions.VendorResponsePeriod"/>); null when
    /// it does not apply or the funding is not confirmed yet.
    /// </summary>
    public DateTimeOffset? DisputePossibleAfter(GoodsOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.BuyerOnlyDisputeFrom(_options.VendorResponsePeriod);
    }

    /// <summary>What this node's user does next in <paramref name="order"/> now (<see cref="NextAction(GoodsOrder, DateTimeOffset?, DateTimeOffset?)"/> with this service's response period and clock).</summary>
    public string NextActionNow(GoodsOrder order) => NextAction(order, DisputePossibleAfter(order), _time.GetUtcNow());

    /// <summary>
    /// Moves the order to <see cref="OrderState.Disputed"/> for the dispute service: once the vendor accepted the
    /// funded order and before a payout or refund is published (either side, whoever opened it). Idempotent.
    /// <para>An order the vendor never signed is disputed by its buyer only (a refund through the arbitrator): here
    /// once the vendor refused without a refund it could sign (<see cref="OrderState.EscrowNeedsDispute"/>) or
    /// <see cref="OrderOptions.VendorResponsePeriod"/> after the funding's first confirmation without an answer,
    /// otherwise <see cref="PreconditionFailedException"/> saying when; on the vendor's node when the buyer's notice
    /// arrives before it accepted (from then on it cannot accept).</para>
    /// </summary>
    public async Task MarkDisputedAsync(string id, bool openedHere, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = Get(id);
            if (order.State == OrderState.Disputed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (openedHere && order.IsBuyer && order.CanBeDisputedByBuyerOnly)
            {
                var from = DisputePossibleAfter(order);
                if (from is null)
                {
                    throw new PreconditionFailedException(
                        $"Order {id}: the vendor has not answered yet; a dispute becomes possible {_options.VendorResponsePeriod} after the funding's first confirmation, which has not happened yet.");
                }

                if (now < from)
                {
                    throw new PreconditionFailedException(
                        $"Order {id}: the vendor has not answered yet; a dispute becomes possible at {from.Value.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({_options.VendorResponsePeriod} after the funding's first confirmation).");
                }
            }

            order.OpenDispute(now);
            _logger.LogInformation("Order {OrderId}: disputed ({Where})", id, openedHere ? "opened here" : "opened by the other side");
            Save(order);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The dispute's payout <paramref name="payoutTxid"/> is confirmed: the order ends <see cref="OrderState.Resolved"/> and the buyer's reservation is released.</summary>
    public async Task MarkResolvedAsync(string id, string payoutTxid, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var order = Get(id);
            if (order.State == OrderState.Disputed)
            {
                order.ResolveDispute(payoutTxid, _time.GetUtcNow());
                _wallet.Release(order.ReservationId);
                _logger.LogInformation("Order {OrderId}: resolved by the dispute payout {Txid}", id, payoutTxid);
                Save(order);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
