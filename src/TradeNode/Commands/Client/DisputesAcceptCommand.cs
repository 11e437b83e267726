using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes accept ID</c>: a trader co-signs and broadcasts the arbitrator's decided payout.</summary>
internal sealed class DisputesAcceptCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "A trade whose dispute the arbitrator decided." };

    public DisputesAcceptCommand()
        : base("accept", "As a trader, accept the arbitrator's decision: check it, co-sign the payout and broadcast it.", "tradenode disputes accept 7c1d...")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var dispute = await context.Connection.Disputes.AcceptAsync(new AcceptDisputeRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(dispute, () => context.Output.WriteLine($"Dispute of trade {dispute.TradeId}: {DisputeDisplay.State(dispute.State)}, payout {dispute.PayoutTxid}."));
    }
}
