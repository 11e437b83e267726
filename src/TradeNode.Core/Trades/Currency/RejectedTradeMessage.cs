using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Currency;

/// <summary>A trade message this node did not act on, with the sender the mailbox verified and why.</summary>
/// <param name="TradeId">The trade the message named (may be unknown here).</param>
/// <param name="Sender">The node that sent it.</param>
/// <param name="Reason">Why it was rejected, as a sentence.</param>
public sealed record RejectedTradeMessage(string TradeId, NodeKey Sender, string Reason);
