using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes open ID --reason TEXT</c>: a trader opens a dispute; the arbitrator receives the case.</summary>
internal sealed class DisputesOpenCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade whose deposit is published and whose payout is not." };
    private readonly Option<string> _reason = new("--reason") { Description = "Why, for the arbitrator and the counterparty.", Required = true };

    public DisputesOpenCommand()
        : base("open", "As a trader, open a dispute: the trade's normal steps stop and the arbitrator decides the payout.", "tradenode disputes open 7c1d... --reason \"paid, no answer\"")
    {
        Arguments.Add(_id);
        Options.Add(_reason);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new OpenDisputeRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Reason = parseResult.GetValue(_reason)! };
        var dispute = await context.Connection.Disputes.OpenAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(dispute, () => context.Output.WriteLine($"Dispute of trade {dispute.TradeId}: {DisputeDisplay.State(dispute.State)}."));
    }
}
