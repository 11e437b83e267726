using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades psbt-submit ID BASE64</c>: hands back a payout PSBT signed offline.</summary>
internal sealed class TradesPsbtSubmitCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "The trade the PSBT is the payout of." };
    private readonly Argument<string> _psbt = new("psbt") { Description = "The signed PSBT in base64." };

    public TradesPsbtSubmitCommand()
        : base("psbt-submit", "Submit the payout PSBT signed elsewhere; the node checks the signature and goes on as if it had signed.", "tradenode trades psbt-submit 7c1d... cHNidP8B...")
    {
        Arguments.Add(_id);
        Arguments.Add(_psbt);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new SubmitPsbtRequest { TradeId = parseResult.GetValue(_id)!.Trim(), Psbt = parseResult.GetValue(_psbt)!.Trim() };
        var response = await context.Connection.Trades.SubmitPsbtAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"Accepted: the dispute is {response.State}, payout {response.PayoutTxid}."));
    }
}
