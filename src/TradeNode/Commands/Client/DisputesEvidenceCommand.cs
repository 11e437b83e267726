using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes evidence ID TEXT</c>: a trader's statement or evidence for the arbitrator.</summary>
internal sealed class DisputesEvidenceCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade with an open dispute." };
    private readonly Argument<string> _text = new("text") { Description = "The statement or evidence (a payment reference, what happened)." };

    public DisputesEvidenceCommand()
        : base("evidence", "As a trader, send the arbitrator a statement or evidence.", "tradenode disputes evidence 7c1d... \"bank reference 42\"")
    {
        Arguments.Add(_id);
        Arguments.Add(_text);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new AddEvidenceRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Text = parseResult.GetValue(_text)! };
        var dispute = await context.Connection.Disputes.AddEvidenceAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(dispute, () => context.Output.WriteLine($"Dispute of trade {dispute.TradeId}: evidence added ({dispute.Evidence.Count} statements)."));
    }
}
