namespace TradeNode.Core.Market;

/// <summary>Where a service gets the node's reference price of a currency (the offer book's median; see <see cref="MarketPrice"/>).</summary>
public interface IReferencePrices
{
    /// <summary>The reference price of <paramref name="currency"/> now, or null when no live offer is in that currency.</summary>
    MarketPrice? GetReferencePrice(string currency);
}
