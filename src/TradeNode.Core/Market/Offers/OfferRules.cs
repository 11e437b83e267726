namespace TradeNode.Core.Market.Offers;

/// <summary>Bounds every offer must keep (checked on creation and on every received offer).</summary>
public static class OfferRules
{
    /// <summary>The smallest trade amount: 10,000 satoshis, well above dust for every payout output.</summary>
    public const long MinTradeSats = 10_000;

    /// <summary>The largest amount: all bitcoin there will ever be.</summary>
    public const long MaxTradeSats = 21_000_000L * 100_000_000;

    /// <summary>The highest price per bitcoin (keeps amount times price exact in a decimal).</summary>
    public const decimal MaxPrice = 1_000_000_000_000m;

    /// <summary>Most decimal places a price may have.</summary>
    public const int MaxPriceDecimals = 8;

    /// <summary>The smallest security deposit, in basis points (5%): enough that walking away costs something.</summary>
    public const int MinDepositBps = 500;

    /// <summary>The deposit a draft gets when it gives 0: 15%, the usual exchange default.</summary>
    public const int DefaultDepositBps = 1_500;

    /// <summary>The longest offer terms text, in characters.</summary>
    public const int MaxTermsChars = 500;

    /// <summary>The largest security deposit, in basis points (50%), as Bisq allows.</summary>
    public const int MaxDepositBps = 5_000;
}
