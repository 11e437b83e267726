using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Chat;

/// <summary>A chat message this node did not store, with the sender the mailbox verified and why.</summary>
/// <param name="TradeId">The trade the message named (may be empty or unknown here).</param>
/// <param name="Sender">The node that sent it.</param>
/// <param name="Reason">Why it was rejected, as a sentence.</param>
public sealed record RejectedChatMessage(string TradeId, NodeKey Sender, string Reason);
