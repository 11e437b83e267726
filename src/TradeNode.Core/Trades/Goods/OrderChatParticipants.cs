using TradeNode.Core.Trades.Chat;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// The participants of a goods order's chat: the buyer and the vendor, with the counterparty's node key as the order
/// records it (the listing's vendor for the buyer, the order's sender for the vendor; the contract names the same
/// keys). A refused order has no chat: its sender never became a party.
/// </summary>
public sealed class OrderChatParticipants(OrderService orders) : IChatParticipantSource
{
    /// <inheritdoc/>
    public ChatParticipants? Find(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (orders.Find(tradeId) is not { } order || order.State == OrderState.Refused || !NodeKey.TryCreate(order.PeerKey, out var peer))
        {
            return null;
        }

        return order.IsBuyer
            ? new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(peer, ChatRole.Vendor)])
            : new ChatParticipants(ChatRole.Vendor, [new ChatParticipant(peer, ChatRole.Buyer)]);
    }
}
