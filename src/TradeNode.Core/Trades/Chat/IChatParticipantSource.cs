namespace TradeNode.Core.Trades.Chat;

/// <summary>
/// Answers who may take part in a trade's chat, for the trades one service knows: currency trades, goods orders,
/// disputes (which add the arbitrator, or on the arbitrator's node, both traders). <see cref="ChatService"/> asks
/// every source and joins the answers, so a new kind of trade only adds a source.
/// </summary>
public interface IChatParticipantSource
{
    /// <summary>
    /// This node's role and the other participants of trade <paramref name="tradeId"/>; null when this source does
    /// not know the trade. Called for every chat message sent or received, so it answers from local state only.
    /// </summary>
    ChatParticipants? Find(string tradeId);
}
