using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Trades as people read them: a table row per trade, or every field of one.</summary>
internal static class TradeDisplay
{
    public static TextTable CreateTable() =>
        new TextTable("TRADE ID", "ROLE", "SIDE", "STATE", "AMOUNT BTC", "FIAT", "NEXT").AlignRight("AMOUNT BTC");

    public static void AddRow(TextTable table, Trade trade) => table.Add(
        trade.TradeId,
        Role(trade.Role),
        Side(trade.Side),
        State(trade.State),
        Display.Btc(trade.AmountSats),
        Display.Fiat(trade.FiatAmount),
        trade.NextAction);

    public static void Write(TextWriter output, ListTradesResponse response)
    {
        var table = CreateTable();
        foreach (var trade in response.Trades)
        {
            AddRow(table, trade);
        }

        table.Write(output, "No trades.");
    }

    public static void Write(TextWriter output, Trade trade) => new Fields()
        .Add("Trade id", trade.TradeId)
        .Add("Offer id", trade.OfferId)
        .Add("Role", $"{Role(trade.Role)}, {Side(trade.Side)} of bitcoin")
        .Add("State", State(trade.State))
        .Add("Next action", trade.NextAction)
        .Add("Amount", Display.BtcAndSats(trade.AmountSats))
        .Add("Fiat", $"{Display.Fiat(trade.FiatAmount)} at {Display.Fiat(trade.Price)} per BTC")
        .Add("Payment method", Display.OrDash(trade.PaymentMethodId))
        .Add("Deposits", $"buyer {Display.Sats(trade.BuyerDepositSats)} sats, seller {Display.Sats(trade.SellerDepositSats)} sats")
        .Add("Escrow", $"{Display.BtcAndSats(trade.EscrowSats)} at {Display.OrDash(trade.EscrowAddress)}")
        .Add("Counterparty", Display.OrDash(trade.CounterpartyNodeId))
        .Add("Arbitrator", Display.OrDash(trade.ArbitratorNodeId))
        .Add("My account", Display.OrDash(trade.MyPaymentAccount))
        .Add("Their account", Display.OrDash(trade.CounterpartyPaymentAccount))
        .Add("Deposit txid", Display.TxidWithConfirmations(trade.DepositTxid, trade.DepositConfirmations))
        .Add("Payout txid", Display.TxidWithConfirmations(trade.PayoutTxid, trade.PayoutConfirmations))
        .Add("Deadline", trade.Deadline is null ? "-" : Display.Time(trade.Deadline) + (trade.IsPastDeadline ? " (passed)" : string.Empty))
        .Add("Last error", Display.OrDash(trade.LastError))
        .Add("Created", Display.Time(trade.CreatedAt))
        .Add("Updated", Display.Time(trade.UpdatedAt))
        .Write(output);

    public static string Role(TradeRole role) => role switch
    {
        TradeRole.Maker => "maker",
        TradeRole.Taker => "taker",
        _ => "-",
    };

    public static string Side(TradeSide side) => side switch
    {
        TradeSide.Buyer => "buyer",
        TradeSide.Seller => "seller",
        _ => "-",
    };

    public static string State(TradeState state) => state == TradeState.Unspecified ? "-" : state.ToString().ToUpperInvariant();
}
