using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes get ID</c>: one dispute, with the arbitrator's mining fee quote while open.</summary>
internal sealed class DisputesGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "The disputed trade's id." };
    private readonly Option<int> _feeRate = new("--fee-rate") { Description = "Quote the mining fee at this rate (sat/vB) instead of the chain's estimate.", CustomParser = r => OptionParsers.ParseInt(r, "--fee-rate", 1, 100_000) };

    public DisputesGetCommand()
        : base("get", "Show one dispute: case, evidence, the arbitrator's fee and mining fee quote, the decision.", "tradenode disputes get 7c1d...")
    {
        Arguments.Add(_id);
        Options.Add(_feeRate);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new GetDisputeRequest { TradeId = parseResult.GetValue(_id)!.Trim(), FeeRateSatPerVb = parseResult.GetValue(_feeRate) };
        var dispute = await context.Connection.Disputes.GetAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(dispute, () => DisputeDisplay.Write(context.Output, dispute));
    }
}
