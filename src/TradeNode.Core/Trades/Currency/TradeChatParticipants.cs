using TradeNode.Core.Trades.Chat;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Currency;

/// <summary>
/// The participants of a currency trade's chat: this node on its side of the bitcoin and the counterparty on the
/// other, with the counterparty's node key as the trade records it (the offer's maker for the taker, the request's
/// sender for the maker; the contract names the same keys).
/// </summary>
public sealed class TradeChatParticipants(TradeService trades) : IChatParticipantSource
{
    /// <inheritdoc/>
    public ChatParticipants? Find(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        // A refused take request never became a trade: its sender is no party to talk to.
        if (trades.Find(tradeId) is not { } trade || trade.State == TradeState.Refused || !NodeKey.TryCreate(trade.PeerKey, out var peer))
        {
            return null;
        }

        return trade.Side == TradeSide.Buyer
            ? new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(peer, ChatRole.Seller)])
            : new ChatParticipants(ChatRole.Seller, [new ChatParticipant(peer, ChatRole.Buyer)]);
    }
}
