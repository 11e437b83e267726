using System.CommandLine;
using System.CommandLine.Parsing;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode disputes resolve ID --buyer SATS --seller SATS</c>: the arbitrator decides the split.</summary>
internal sealed class DisputesResolveCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "The disputed trade's id." };
    private readonly Option<long> _buyer = new("--buyer") { Description = "The buyer's share (sats, or 0.01btc); 0 for nothing.", Required = true, CustomParser = ParseShare };
    private readonly Option<long> _seller = new("--seller") { Description = "The seller's share (sats, or 0.01btc); 0 for nothing.", Required = true, CustomParser = ParseShare };
    private readonly Option<string> _note = new("--note") { Description = "The reasons, shown to both traders." };
    private readonly Option<int> _feeRate = new("--fee-rate") { Description = "The payout's fee rate (sat/vB); the chain's estimate by default.", CustomParser = r => OptionParsers.ParseInt(r, "--fee-rate", 1, 100_000) };
    private readonly Option<bool> _unsigned = new("--unsigned") { Description = "Do not sign here: export with `trades psbt-get`, sign offline, return with `trades psbt-submit`." };

    public DisputesResolveCommand()
        : base("resolve", "As the arbitrator, decide the split: buyer + seller + arbitrator fee + mining fee must be the escrow exactly (see disputes get).",
            "tradenode disputes resolve 7c1d... --buyer 1034000 --seller 0 --note \"payment proven\"", "tradenode disputes resolve 7c1d... --buyer 500000 --seller 530000 --unsigned")
    {
        Arguments.Add(_id);
        Options.Add(_buyer);
        Options.Add(_seller);
        Options.Add(_note);
        Options.Add(_feeRate);
        Options.Add(_unsigned);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new ResolveDisputeRequest
        {
            TradeId = parseResult.GetValue(_id)!.Trim(),
            BuyerSats = parseResult.GetValue(_buyer),
            SellerSats = parseResult.GetValue(_seller),
            Note = parseResult.GetValue(_note) ?? string.Empty,
            FeeRateSatPerVb = parseResult.GetValue(_feeRate),
            Sign = !parseResult.GetValue(_unsigned),
        };
        var dispute = await context.Connection.Disputes.ResolveAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(dispute, () => context.Output.WriteLine($"Dispute of trade {dispute.TradeId}: {DisputeDisplay.State(dispute.State)}, payout {dispute.PayoutTxid}."));
    }

    private static long ParseShare(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (ClientParsers.TryParseSats(text, out var sats))
        {
            return sats;
        }

        result.AddError($"A share is an amount in satoshis (0, 1000000) or in bitcoin with a btc suffix (0.01btc), not '{text}'.");
        return 0;
    }
}
