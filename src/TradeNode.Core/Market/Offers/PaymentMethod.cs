namespace TradeNode.Core.Market.Offers;

/// <summary>A way fiat is paid in a currency trade.</summary>
/// <param name="Id">Stable id used on the wire, e.g. "SEPA".</param>
/// <param name="DisplayName">Name shown to people.</param>
/// <param name="Currencies">ISO 4217 codes the method works with; empty means any currency.</param>
/// <param name="MaxTradePeriod">
/// How long a trade using this method may take from the deposit to the payout before either side may open a dispute.
/// </param>
public sealed record PaymentMethod(string Id, string DisplayName, IReadOnlyList<string> Currencies, TimeSpan MaxTradePeriod)
{
    /// <summary>True when the method can pay in <paramref name="currency"/>.</summary>
    public bool Supports(string currency) => Currencies.Count == 0 || Currencies.Contains(currency, StringComparer.Ordinal);
}
