using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Trades;

/// <summary>
/// A trader's dispute steps as the trade view and the order view offer them: which are legal while a case is open or
/// decided, what each asks before it runs, the API call, and the sentence after. One place, so currency trades and
/// goods orders read and behave alike.
/// </summary>
public static class DisputeSteps
{
    /// <summary>
    /// The steps on offer for the disputed trade or order <paramref name="id"/> given its case (from Disputes.Get):
    /// evidence while the case is open, accepting once the arbitrator decided; nothing without the case.
    /// </summary>
    public static IReadOnlyList<DisputeStep> During(string id, Dispute? dispute) =>
        dispute is null || dispute.TradeId != id ? []
        : dispute.State switch
        {
            DisputeState.Open => [DisputeStep.AddEvidence],
            DisputeState.Decided => [DisputeStep.Accept],
            _ => [],
        };

    /// <summary>The button caption.</summary>
    public static string Caption(DisputeStep step) => step switch
    {
        DisputeStep.Open => "Open dispute",
        DisputeStep.AddEvidence => "Add evidence",
        _ => "Accept decision",
    };

    /// <summary>True when the step takes a line of text (the reason or the statement).</summary>
    public static bool NeedsText(DisputeStep step) => step is DisputeStep.Open or DisputeStep.AddEvidence;

    /// <summary>The question asked before the step runs; for accepting, with the decided amounts.</summary>
    public static string Question(DisputeStep step, Dispute? dispute) => step switch
    {
        DisputeStep.Open => "Why? Write the reason above; Yes sends the contract and the reason to the arbitrator.",
        DisputeStep.AddEvidence => "Write your statement or evidence above; Yes sends it to the arbitrator.",
        _ => dispute is { } d
            ? $"Accept buyer {Btc.Format(d.BuyerSats)}, {DisputeText.Seller(d)} {Btc.Format(d.SellerSats)} BTC? Yes checks, co-signs and broadcasts."
            : "Accept the arbitrator's decision?",
    };

    /// <summary>The caption of the button that confirms the step.</summary>
    public static string YesCaption(DisputeStep step) => step switch
    {
        DisputeStep.Open => "Yes, open dispute",
        DisputeStep.AddEvidence => "Yes, send",
        _ => "Yes, accept",
    };

    /// <summary>Why the step cannot run with <paramref name="text"/> (empty where a line is needed), or null.</summary>
    public static string? Refusal(DisputeStep step, string text) =>
        !NeedsText(step) || text.Trim().Length > 0 ? null
        : step == DisputeStep.Open ? "Write why you open the dispute: the arbitrator reads it first." : "Write the statement first.";

    /// <summary>The sentence once the step succeeded.</summary>
    public static string Done(DisputeStep step) => step switch
    {
        DisputeStep.Open => "Dispute opened: the arbitrator has the contract and your reason.",
        DisputeStep.AddEvidence => "Sent to the arbitrator.",
        _ => "Decision accepted: the payout is co-signed and broadcast.",
    };

    /// <summary>Runs <paramref name="step"/> for trade or order <paramref name="id"/> (Disputes.Open, AddEvidence or Accept).</summary>
    public static async Task<Dispute> CallAsync(Disputes.DisputesClient disputes, DisputeStep step, string id, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(disputes);
        return step switch
        {
            DisputeStep.Open => await disputes.OpenAsync(new OpenDisputeRequest { TradeId = id, Reason = text.Trim() }, cancellationToken: cancellationToken),
            DisputeStep.AddEvidence => await disputes.AddEvidenceAsync(new AddEvidenceRequest { TradeId = id, Text = text.Trim() }, cancellationToken: cancellationToken),
            _ => await disputes.AcceptAsync(new AcceptDisputeRequest { TradeId = id }, cancellationToken: cancellationToken),
        };
    }
}
