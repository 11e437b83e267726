using TradeNode.Core.Trades.Chat;
using ChatMessage = TradeNode.Core.Trades.Chat.ChatMessage;

namespace TradeNode.Api.Mapping;

/// <summary>Trade chat messages between Core and the API.</summary>
internal static class ChatMapping
{
    public static V1.ChatMessage ToApi(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new V1.ChatMessage
        {
            MessageId = message.Id,
            TradeId = message.TradeId,
            SenderNodeId = message.SenderKey.Id.ToString(),
            SenderRole = ToRole(message.SenderRole),
            Text = message.Text,
            SentAt = CommonMapping.ToTimestamp(message.SentAt),
            ReceivedAt = CommonMapping.ToTimestamp(message.ReceivedAt),
            IsMine = message.IsMine,
            IsPending = message.Undelivered.Count > 0,
        };
    }

    public static V1.ChatRole ToRole(ChatRole role) => role switch
    {
        ChatRole.Buyer => V1.ChatRole.Buyer,
        ChatRole.Seller => V1.ChatRole.Seller,
        ChatRole.Vendor => V1.ChatRole.Vendor,
        ChatRole.Arbitrator => V1.ChatRole.Arbitrator,
        _ => V1.ChatRole.Unspecified,
    };
}
