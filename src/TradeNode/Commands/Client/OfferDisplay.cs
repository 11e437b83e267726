using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Offers as people read them: a table row per offer, or every field of one.</summary>
internal static class OfferDisplay
{
    public static TextTable CreateTable() =>
        new TextTable("OFFER ID", "DIR", "PRICE", "AMOUNT BTC", "FIAT", "METHOD", "MAKER").AlignRight("PRICE");

    public static void AddRow(TextTable table, Offer offer) => table.Add(
        offer.OfferId,
        Display.Direction(offer.Direction),
        Display.Fiat(offer.Price),
        Range(Display.Btc(offer.MinAmountSats), Display.Btc(offer.AmountSats)),
        offer.MinFiat is null || offer.MaxFiat is null ? "-" : Range(offer.MinFiat.Amount, offer.MaxFiat.Amount) + " " + offer.MaxFiat.Currency,
        offer.PaymentMethodId,
        (offer.IsMine ? "(me) " : string.Empty) + Display.OrDash(string.IsNullOrEmpty(offer.MakerName) ? offer.MakerNodeId : offer.MakerName));

    public static void Write(TextWriter output, Offer offer) => new Fields()
        .Add("Offer id", offer.OfferId)
        .Add("Maker", $"{offer.MakerNodeId}{(string.IsNullOrEmpty(offer.MakerName) ? string.Empty : $" ({offer.MakerName})")}{(offer.IsMine ? ", this node" : string.Empty)}")
        .Add("Direction", $"{Display.Direction(offer.Direction)} bitcoin")
        .Add("Price", $"{Display.Fiat(offer.Price)} per BTC")
        .Add("Amount", offer.MinAmountSats == offer.AmountSats ? Display.BtcAndSats(offer.AmountSats) : $"{Display.BtcAndSats(offer.MinAmountSats)} to {Display.BtcAndSats(offer.AmountSats)}")
        .Add("Fiat", offer.MinFiat is null || offer.MaxFiat is null ? "-" : $"{Range(offer.MinFiat.Amount, offer.MaxFiat.Amount)} {offer.MaxFiat.Currency}")
        .Add("Payment method", $"{offer.PaymentMethodId}, trade period {Display.Duration(offer.MaxTradePeriodSeconds)}")
        .Add("Deposits", $"buyer {Display.Bps(offer.BuyerDepositBps)}, seller {Display.Bps(offer.SellerDepositBps)}")
        .Add("Arbitrators", Display.List(offer.ArbitratorNodeIds))
        .Add("Terms", Display.OrDash(offer.Terms))
        .Add("Created", Display.Time(offer.CreatedAt))
        .Add("Expires", Display.Time(offer.ExpiresAt))
        .Write(output);

    private static string Range(string low, string high) => low == high ? high : $"{low}-{high}";
}
