namespace TradeNode.Core.Market.Offers;

/// <summary>
/// The payment methods offers may name. Maximum trade periods follow the established exchange practice (Bisq's
/// table): instant transfers one day, ordinary bank transfers a few days, SEPA six days for its slow settlement.
/// Every node must know the same table: an offer naming an unknown id is ignored.
/// </summary>
public static class PaymentMethods
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Every payment method, ordered by id.</summary>
    public static IReadOnlyList<PaymentMethod> All { get; } =
    [
        new("ALI_PAY", "AliPay", ["CNY"], Day),
        new("CASH_DEPOSIT", "Cash deposit", [], 4 * Day),
        new("F2F", "Face to face (in person)", [], 4 * Day),
        new("INTERAC_E_TRANSFER", "Interac e-Transfer", ["CAD"], 4 * Day),
        new("NATIONAL_BANK", "National bank transfer", [], 4 * Day),
        new("PIX", "Pix", ["BRL"], Day),
        new("REVOLUT", "Revolut", [], Day),
        new("SAME_BANK", "Transfer within the same bank", [], 2 * Day),
        new("SEPA", "SEPA credit transfer", ["EUR"], 6 * Day),
        new("SEPA_INSTANT", "SEPA instant credit transfer", ["EUR"], Day),
        new("SWISH", "Swish", ["SEK"], Day),
        new("UPHOLD", "Uphold", [], Day),
        new("US_POSTAL_MONEY_ORDER", "US postal money order", ["USD"], 8 * Day),
        new("WISE", "Wise", [], 4 * Day),
        new("ZELLE", "Zelle", ["USD"], 4 * Day),
    ];

    private static readonly Dictionary<string, PaymentMethod> ById = All.ToDictionary(m => m.Id, StringComparer.Ordinal);

    /// <summary>The method with <paramref name="id"/> (exact, upper case), or null.</summary>
    public static PaymentMethod? Find(string? id) => id is null ? null : ById.GetValueOrDefault(id);
}
