using Microsoft.Extensions.Logging;
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
            order.FundingTxid.Length > 0 ? order.FundingOutpoint : null, order.VendorPayoutScript, []);
    }

    /// <summary>
    /// Moves the order to <see cref="OrderState.Disputed"/> for the dispute service: once the vendor accepted the
    /// funded order and before a payout or refund is published (either side, whoever opened it). Idempotent.
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

            order.OpenDispute(_time.GetUtcNow());
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
