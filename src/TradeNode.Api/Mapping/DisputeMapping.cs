using TradeNode.Api.V1;
using TradeNode.Core.Trades.Disputes;
using TradeNode.Core.Trades.Escrow;
using CoreDispute = TradeNode.Core.Trades.Disputes.Dispute;
using CoreState = TradeNode.Core.Trades.Disputes.DisputeState;
using Dispute = TradeNode.Api.V1.Dispute;
using DisputeEvidence = TradeNode.Api.V1.DisputeEvidence;
using DisputeState = TradeNode.Api.V1.DisputeState;
using DisputeTranscript = TradeNode.Api.V1.DisputeTranscript;

namespace TradeNode.Api.Mapping;

/// <summary>Disputes between Core and the API.</summary>
internal static class DisputeMapping
{
    /// <summary>The API form of <paramref name="dispute"/>; <paramref name="escrowSats"/> and <paramref name="arbitratorFeeSats"/> come from its contract.</summary>
    public static Dispute ToDispute(CoreDispute dispute, long escrowSats, long arbitratorFeeSats, IEnumerable<string> chatTranscript)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        var result = new Dispute
        {
            TradeId = dispute.Id,
            Role = ToRole(dispute.Role),
            OpenedBy = ToRole(dispute.OpenedBy),
            State = ToState(dispute.State),
            Reason = dispute.Reason,
            EscrowSats = escrowSats,
            ArbitratorFeeSats = arbitratorFeeSats,
            DepositTxid = dispute.DepositTxid,
            BuyerSats = dispute.BuyerSats,
            SellerSats = dispute.SellerSats,
            MiningFeeSats = dispute.MiningFeeSats,
            Note = dispute.Note,
            PayoutTxid = dispute.PayoutTxid,
            LastError = dispute.LastError,
            IsClosed = dispute.IsClosed,
            BuyerOnly = dispute.BuyerOnly,
            Findings = dispute.Findings,
            CreatedAt = CommonMapping.ToTimestamp(dispute.Created),
            UpdatedAt = CommonMapping.ToTimestamp(dispute.Updated),
            GoodsOrder = Core.Trades.Disputes.DisputeService.IsGoodsOrder(dispute),
            SellerPayoutKnown = dispute.SellerPayoutScript.Length > 0,
        };
        result.Evidence.AddRange(dispute.Evidence.Select(e => new DisputeEvidence { From = ToRole(e.From), Text = e.Text, CreatedAt = CommonMapping.ToTimestamp(e.At) }));
        result.ChatTranscript.AddRange(chatTranscript);
        foreach (var transcript in DisputeService.TranscriptsOf(dispute))
        {
            var item = new DisputeTranscript { From = ToRole(transcript.From) };
            item.Lines.AddRange(transcript.Lines);
            result.ChatTranscripts.Add(item);
        }

        return result;
    }

    public static DisputeRole ToRole(EscrowRole role) => role switch
    {
        EscrowRole.Buyer => DisputeRole.Buyer,
        EscrowRole.Seller => DisputeRole.Seller,
        EscrowRole.Arbitrator => DisputeRole.Arbitrator,
        _ => DisputeRole.Unspecified,
    };

    public static DisputeState ToState(CoreState state) => state switch
    {
        CoreState.Open => DisputeState.Open,
        CoreState.AwaitingSignature => DisputeState.AwaitingSignature,
        CoreState.Decided => DisputeState.Decided,
        CoreState.PayoutPublished => DisputeState.PayoutPublished,
        CoreState.Resolved => DisputeState.Resolved,
        CoreState.Refused => DisputeState.Refused,
        _ => DisputeState.Unspecified,
    };
}
