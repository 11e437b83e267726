using System.Globalization;
using System.Text;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>How an offer reads in the market table and in its detail view.</summary>
public static class OfferText
{
    public static string Direction(OfferDirection direction) => direction switch
    {
        OfferDirection.Buy => "BUY",
        OfferDirection.Sell => "SELL",
        _ => "?",
    };

    /// <summary>"62000.50 EUR".</summary>
    public static string Fiat(FiatAmount? amount) => amount is null ? string.Empty : $"{amount.Amount} {amount.Currency}";

    /// <summary>"0.00100000-0.01000000" (or one amount when the range is a single amount).</summary>
    public static string AmountRange(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return offer.MinAmountSats == 0 || offer.MinAmountSats == offer.AmountSats
            ? Btc.Format(offer.AmountSats)
            : $"{Btc.Format(offer.MinAmountSats)}-{Btc.Format(offer.AmountSats)}";
    }

    /// <summary>"62-620 EUR": the fiat a trade of this offer costs at its smallest and largest amount.</summary>
    public static string FiatRange(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return offer.MinFiat is null || offer.MaxFiat is null || offer.MinFiat.Amount == offer.MaxFiat.Amount
            ? Fiat(offer.MaxFiat)
            : $"{offer.MinFiat.Amount}-{offer.MaxFiat.Amount} {offer.MaxFiat.Currency}";
    }

    /// <summary>The maker's name, else the start of the node id.</summary>
    public static string Maker(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var name = offer.MakerName.Length > 0 ? offer.MakerName : NodeText.Short(offer.MakerNodeId);
        return offer.IsMine ? name + " (me)" : name;
    }

    /// <summary>The price as a number for sorting; offers whose price does not parse sort last.</summary>
    public static decimal SortKey(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return decimal.TryParse(offer.Price?.Amount, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var price) ? price : decimal.MaxValue;
    }

    /// <summary>Every term of the offer, one per line.</summary>
    public static string Details(Offer offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Offer {offer.OfferId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{Direction(offer.Direction)} bitcoin at {Fiat(offer.Price)} per BTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"Amount: {AmountRange(offer)} BTC ({FiatRange(offer)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Payment method: {offer.PaymentMethodId}; deposits: buyer {offer.BuyerDepositBps / 100m}%, seller {offer.SellerDepositBps / 100m}%");
        text.AppendLine(CultureInfo.InvariantCulture, $"Maker: {Maker(offer)} {offer.MakerNodeId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Arbitrators: {(offer.ArbitratorNodeIds.Count == 0 ? "none" : string.Join(", ", offer.ArbitratorNodeIds.Select(NodeText.Short)))}");
        if (offer.Terms.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Terms: {offer.Terms}");
        }

        return text.ToString();
    }
}
