using System.Globalization;
using System.Text;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Trades;

/// <summary>
/// What taking an offer for an amount means for this node, computed the way the node computes it, so the taker
/// confirms real numbers before anything happens: the side, the fiat, both security deposits (basis points of the
/// amount, rounded up to whole satoshis), what the escrow holds and what this node puts into it.
/// </summary>
public sealed record TakeTerms
{
    private const long SatsPerBtc = 100_000_000;

    public required Offer Offer { get; init; }

    public required long AmountSats { get; init; }

    /// <summary>The taker buys bitcoin from a SELL offer and sells it to a BUY offer.</summary>
    public TradeSide MySide => Offer.Direction == OfferDirection.Sell ? TradeSide.Buyer : TradeSide.Seller;

    public long BuyerDepositSats => Deposit(AmountSats, Offer.BuyerDepositBps);

    public long SellerDepositSats => Deposit(AmountSats, Offer.SellerDepositBps);

    public long EscrowSats => AmountSats + BuyerDepositSats + SellerDepositSats;

    /// <summary>This node's part of the escrow: the seller brings the amount and its deposit, the buyer its deposit.</summary>
    public long MyShareSats => MySide == TradeSide.Seller ? AmountSats + SellerDepositSats : BuyerDepositSats;

    /// <summary>The fiat for the amount at the offer's price, rounded half away from zero to cents.</summary>
    public FiatAmount Fiat
    {
        get
        {
            if (AmountSats == Offer.AmountSats && Offer.MaxFiat is { } max)
            {
                return max;
            }

            if (AmountSats == Offer.MinAmountSats && Offer.MinFiat is { } min)
            {
                return min;
            }

            var price = decimal.Parse(Offer.Price?.Amount ?? "0", NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            var fiat = decimal.Round(price * AmountSats / SatsPerBtc, 2, MidpointRounding.AwayFromZero);
            return new FiatAmount { Amount = fiat.ToString("0.00", CultureInfo.InvariantCulture), Currency = Offer.Price?.Currency ?? string.Empty };
        }
    }

    /// <summary>
    /// Checks <paramref name="amountText"/> (BTC) against the offer's range; returns the terms, or null with the
    /// sentence to show next to the amount field.
    /// </summary>
    public static TakeTerms? TryCreate(Offer offer, string amountText, out string error)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var min = offer.MinAmountSats == 0 ? offer.AmountSats : offer.MinAmountSats;
        if (!Btc.TryParse(amountText, out var sats))
        {
            error = "A positive BTC amount, at most 8 decimals.";
            return null;
        }

        if (sats < min || sats > offer.AmountSats)
        {
            error = min == offer.AmountSats
                ? $"This offer is for exactly {Btc.Format(min)} BTC."
                : $"Between {Btc.Format(min)} and {Btc.Format(offer.AmountSats)} BTC.";
            return null;
        }

        error = string.Empty;
        return new TakeTerms { Offer = offer, AmountSats = sats };
    }

    /// <summary>The confirmation text: every number the taker agrees to.</summary>
    public string Summary(string arbitratorName)
    {
        var text = new StringBuilder();
        var verb = MySide == TradeSide.Buyer ? "You BUY" : "You SELL";
        var counter = MySide == TradeSide.Buyer ? "pay" : "receive";
        text.AppendLine(CultureInfo.InvariantCulture, $"{verb} {Btc.Format(AmountSats)} BTC and {counter} {OfferText.Fiat(Fiat)} by {Offer.PaymentMethodId}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Deposits: buyer {Btc.Format(BuyerDepositSats)}, seller {Btc.Format(SellerDepositSats)} BTC (returned at the end).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Escrow holds {Btc.Format(EscrowSats)} BTC; you fund {Btc.Format(MyShareSats)} BTC of it");
        text.AppendLine("plus half the deposit and payout mining fees (reserved with a margin).");
        text.Append(CultureInfo.InvariantCulture, $"Arbitrator: {arbitratorName}.");
        return text.ToString();
    }

    private static long Deposit(long amountSats, int bps) => (long)(((Int128)amountSats * bps + 9_999) / 10_000);
}
