namespace TradeNode.Core.Market;

/// <summary>
/// This node's reference price for a currency: the median fixed price of the live currency offers in it that its
/// offer book holds (both directions). There is no central price feed; the market's own offers are the measure.
/// </summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Price">Fiat per bitcoin, exact (the mean of the two middle prices for an even count).</param>
/// <param name="OfferCount">How many offers the median is taken over.</param>
public sealed record MarketPrice(string Currency, decimal Price, int OfferCount);
