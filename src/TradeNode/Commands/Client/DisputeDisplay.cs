using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Disputes as people read them: a table row per dispute, or every field of one.</summary>
internal static class DisputeDisplay
{
    public static void Write(TextWriter output, ListDisputesResponse response)
    {
        var table = new TextTable("TRADE ID", "ROLE", "OPENED BY", "STATE", "ESCROW BTC", "BUYER SATS", "SELLER SATS").AlignRight("ESCROW BTC", "BUYER SATS", "SELLER SATS");
        foreach (var dispute in response.Disputes)
        {
            table.Add(dispute.TradeId, Role(dispute.Role), Role(dispute.OpenedBy), State(dispute.State), Display.Btc(dispute.EscrowSats), Display.Sats(dispute.BuyerSats), Display.Sats(dispute.SellerSats));
        }

        table.Write(output, "No disputes.");
    }

    public static void Write(TextWriter output, Dispute dispute)
    {
        var fields = new Fields()
            .Add("Trade id", dispute.TradeId)
            .Add("My role", Role(dispute.Role))
            .Add("Opened by", Role(dispute.OpenedBy))
            .Add("State", State(dispute.State))
            .Add("Reason", Display.OrDash(dispute.Reason))
            .Add("Kind", dispute.BuyerOnly ? "buyer-only (the vendor never signed): a refund to the buyer only" : "both traders signed")
            .Add("Findings", Display.OrDash(dispute.Findings))
            .Add("Escrow", $"{Display.BtcAndSats(dispute.EscrowSats)} from {Display.OrDash(dispute.DepositTxid)}:0")
            .Add("Arbitrator fee", $"{Display.Sats(dispute.ArbitratorFeeSats)} sats");
        if (dispute.QuoteFeeRateSatPerKvb > 0)
        {
            fields.Add("Mining fee quote", $"{Display.Sats(dispute.QuoteMiningFeeOneTraderSats)} sats to one trader, {Display.Sats(dispute.QuoteMiningFeeBothTradersSats)} sats to both (at {dispute.QuoteFeeRateSatPerKvb / 1000m} sat/vB)");
        }

        if (dispute.PayoutTxid.Length > 0)
        {
            fields.Add("Decision", $"buyer {Display.Sats(dispute.BuyerSats)} sats, seller {Display.Sats(dispute.SellerSats)} sats, mining fee {Display.Sats(dispute.MiningFeeSats)} sats")
                .Add("Note", Display.OrDash(dispute.Note))
                .Add("Payout txid", dispute.PayoutTxid);
        }

        foreach (var evidence in dispute.Evidence)
        {
            fields.Add($"Evidence ({Role(evidence.From)})", $"{Display.Time(evidence.CreatedAt)}: {evidence.Text}");
        }

        foreach (var transcript in dispute.ChatTranscripts)
        {
            var label = $"Chat as the {Role(transcript.From)} sent it";
            if (transcript.Lines.Count == 0)
            {
                fields.Add(label, "-");
            }

            foreach (var line in transcript.Lines)
            {
                fields.Add(label, line);
            }
        }

        if (dispute.ChatTranscripts.Count == 0)
        {
            foreach (var line in dispute.ChatTranscript)
            {
                fields.Add("Chat", line);
            }
        }

        fields.Add("Last error", Display.OrDash(dispute.LastError))
            .Add("Created", Display.Time(dispute.CreatedAt))
            .Add("Updated", Display.Time(dispute.UpdatedAt))
            .Write(output);
    }

    /// <summary>One line per change (<c>disputes watch</c>): id, role, state, who opened it, evidence count, the decision and the last error when there are.</summary>
    public static string Line(Dispute dispute)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        var line = $"{dispute.TradeId}  {Role(dispute.Role)}  {State(dispute.State)}  opened by {Role(dispute.OpenedBy)}  evidence {dispute.Evidence.Count}";
        if (dispute.PayoutTxid.Length > 0)
        {
            line += $"  decided buyer {Display.Sats(dispute.BuyerSats)} / seller {Display.Sats(dispute.SellerSats)} sats  payout {dispute.PayoutTxid}";
        }

        return dispute.LastError.Length > 0 ? $"{line}  error: {dispute.LastError}" : line;
    }

    public static string Role(DisputeRole role) => role == DisputeRole.Unspecified ? "-" : role.ToString().ToLowerInvariant();

    public static string State(DisputeState state) => state == DisputeState.Unspecified ? "-" : state.ToString().ToUpperInvariant();
}
