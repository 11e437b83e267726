namespace TradeNode.Core.Trades.Ratings;

/// <summary>
/// The trades of one kind (today only goods orders: a rated contract becomes public) that this node's buyer may rate. <see cref="RatingService"/>
/// asks each source in turn, so a new kind of trade only adds a source.
/// </summary>
public interface IRatingTradeSource
{
    /// <summary>Trade <paramref name="tradeId"/> as this source knows it; null when it does not.</summary>
    RateableTrade? Find(string tradeId);
}
