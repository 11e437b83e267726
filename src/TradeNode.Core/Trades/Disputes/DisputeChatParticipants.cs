using TradeNode.Core.Trades.Chat;
using TradeNode.Core.Trades.Escrow;
using TradeNode.P2P.Identity;

namespace TradeNode.Core.Trades.Disputes;

/// <summary>
/// The arbitrator's place in a trade's chat once a dispute is open: on a trader's node the contract's arbitrator is
/// added to the participants (the counterparty comes from the trade's own source); on the arbitrator's node both
/// traders of the contract are the participants. A refused case adds no one.
/// </summary>
public sealed class DisputeChatParticipants(DisputeService disputes) : IChatParticipantSource
{
    /// <inheritdoc/>
    public ChatParticipants? Find(string tradeId)
    {
        ArgumentNullException.ThrowIfNull(tradeId);
        if (disputes.Find(tradeId) is not { State: not DisputeState.Refused } dispute)
        {
            return null;
        }

        var contract = DisputeService.ContractOf(dispute);
        if (!NodeKey.TryCreate(contract.BuyerNodeKey.Span, out var buyer) || !NodeKey.TryCreate(contract.SellerNodeKey.Span, out var seller)
            || !NodeKey.TryCreate(contract.ArbitratorNodeKey.Span, out var arbitrator))
        {
            return null;
        }

        return dispute.Role switch
        {
            EscrowRole.Arbitrator => new ChatParticipants(ChatRole.Arbitrator, [new ChatParticipant(buyer, ChatRole.Buyer), new ChatParticipant(seller, ChatRole.Seller)]),
            EscrowRole.Buyer => new ChatParticipants(ChatRole.Buyer, [new ChatParticipant(arbitrator, ChatRole.Arbitrator)]),
            _ => new ChatParticipants(ChatRole.Seller, [new ChatParticipant(arbitrator, ChatRole.Arbitrator)]),
        };
    }
}
