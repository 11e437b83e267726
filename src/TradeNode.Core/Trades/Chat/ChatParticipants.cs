namespace TradeNode.Core.Trades.Chat;

/// <summary>Who takes part in one trade's chat, as seen by this node.</summary>
/// <param name="OwnRole">This node's role in the trade.</param>
/// <param name="Others">The other participants; messages go to each of them and are accepted only from them.</param>
public sealed record ChatParticipants(ChatRole OwnRole, IReadOnlyList<ChatParticipant> Others);
