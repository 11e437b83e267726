using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Goods;

/// <summary>An order message this node did not act on, with the sender the mailbox verified and why.</summary>
/// <param name="OrderId">The order the message named (may be unknown here).</param>
/// <param name="Sender">The node that sent it.</param>
/// <param name="Reason">Why it was rejected, as a sentence.</param>
public sealed record RejectedOrderMessage(string OrderId, NodeKey Sender, string Reason);
