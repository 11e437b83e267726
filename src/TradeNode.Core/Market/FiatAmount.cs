namespace TradeNode.Core.Market;

/// <summary>An exact amount of a fiat currency: never floating point.</summary>
/// <param name="Currency">ISO 4217 code, three upper-case letters.</param>
/// <param name="Amount">The exact amount, at most the currency's minor units (see <see cref="Currencies.MinorUnits"/>).</param>
public sealed record FiatAmount(string Currency, decimal Amount)
{
    /// <summary>"19.99 EUR".</summary>
    public override string ToString() => $"{Currencies.Format(Amount)} {Currency}";
}
