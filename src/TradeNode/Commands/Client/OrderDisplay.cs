using System.Text;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Orders as people read them: a table row per order, or every field of one.</summary>
internal static class OrderDisplay
{
    public static void Write(TextWriter output, ListOrdersResponse response)
    {
        var table = new TextTable("ORDER ID", "ROLE", "STATE", "LISTING", "QTY", "AMOUNT BTC", "NEXT").AlignRight("QTY", "AMOUNT BTC");
        foreach (var order in response.Orders)
        {
            table.Add(order.OrderId, Role(order.Role), State(order.State), order.ListingTitle, order.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Display.Btc(order.AmountSats), order.NextAction);
        }

        table.Write(output, "No orders.");
    }

    public static void Write(TextWriter output, Order order) => new Fields()
        .Add("Order id", order.OrderId)
        .Add("Role", Role(order.Role))
        .Add("State", State(order.State))
        .Add("Next action", order.NextAction)
        .Add("Dispute possible", order.DisputePossibleAfter is null ? "-" : $"from {Display.Time(order.DisputePossibleAfter)} (buyer-only: a refund through the arbitrator)")
        .Add("Listing", $"{order.ListingTitle} ({order.ListingId})")
        .Add("Quantity", order.Currency.Length > 0 ? order.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{order.Quantity} x {Display.Sats(order.UnitPriceSats)} sats")
        .Add("Shipping", order.Currency.Length > 0 ? Display.OrDash(order.ShippingOption) : $"{Display.OrDash(order.ShippingOption)}, {Display.Sats(order.ShippingSats)} sats")
        .Add("Fiat total", order.Currency.Length > 0 ? $"{order.FiatTotal} {order.Currency} at {order.Rate} {order.Currency}/BTC = {Display.Sats(order.AmountSats)} sats (rounded up)" : "-")
        .Add("Escrow", $"{Display.BtcAndSats(order.AmountSats)} at {Display.OrDash(order.EscrowAddress)}")
        .Add("Funding txid", order.FundingTxid.Length == 0 ? "-" : Display.TxidWithConfirmations($"{order.FundingTxid}:{order.FundingIndex}", order.FundingConfirmations))
        .Add("Payout txid", Display.TxidWithConfirmations(order.PayoutTxid, order.PayoutConfirmations))
        .Add("Refund txid", Display.TxidWithConfirmations(order.RefundTxid, order.RefundConfirmations))
        .Add("Ship to", Display.OrDash(order.ShippingAddress))
        .Add("Tracking", Display.OrDash(order.TrackingNote))
        .Add("Refund reason", Display.OrDash(order.RefundReason))
        .Add("Counterparty", Display.OrDash(order.CounterpartyNodeId))
        .Add("Arbitrator", Display.OrDash(order.ArbitratorNodeId))
        .Add("Last error", Display.OrDash(order.LastError))
        .Add("Created", Display.Time(order.CreatedAt))
        .Add("Updated", Display.Time(order.UpdatedAt))
        .Write(output);

    public static string Role(OrderRole role) => role switch
    {
        OrderRole.Buyer => "buyer",
        OrderRole.Vendor => "vendor",
        _ => "-",
    };

    /// <summary>The state as the proto names it, e.g. PAYOUT_PUBLISHED.</summary>
    public static string State(OrderState state)
    {
        if (state == OrderState.Unspecified)
        {
            return "-";
        }

        var name = state.ToString();
        var text = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }

            text.Append(char.ToUpperInvariant(name[i]));
        }

        return text.ToString();
    }
}
