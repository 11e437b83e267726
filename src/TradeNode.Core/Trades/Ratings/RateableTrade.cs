using TradeNode.Bitcoin;
using TradeNode.Core.Trades.Protocol;

namespace TradeNode.Core.Trades.Ratings;

/// <summary>A trade this node took part in, as far as rating it goes.</summary>
/// <param name="TradeId">The trade (or order) id.</param>
/// <param name="IsBuyer">True when this node is the contract's buyer (only the buyer rates).</param>
/// <param name="IsCompleted">True once the escrow paid out and the trade completed.</param>
/// <param name="Contract">The contract with both traders' signatures; null while not signed by both.</param>
/// <param name="EscrowOutPoint">The escrow funding outpoint; null while not known.</param>
/// <param name="ListingId">The listing bought.</param>
public sealed record RateableTrade(string TradeId, bool IsBuyer, bool IsCompleted, SignedTradeContract? Contract, OutPoint? EscrowOutPoint, string ListingId);
