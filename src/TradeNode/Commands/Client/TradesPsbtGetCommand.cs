using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode trades psbt-get ID</c>: the trade's payout PSBT and the path of the key that signs it, for offline signing.</summary>
internal sealed class TradesPsbtGetCommand : ClientCommand
{
    private readonly Argument<string> _id = new("trade-id") { Description = "The trade (on an arbitrator's node: the disputed trade)." };

    public TradesPsbtGetCommand()
        : base("psbt-get", "Export the payout PSBT with the BIP32 path of this node's signing key (then: tradenode psbt sign ... --path PATH).", "tradenode trades psbt-get 7c1d... --json")
    {
        Arguments.Add(_id);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Trades.GetPsbtAsync(new GetPsbtRequest { TradeId = parseResult.GetValue(_id)!.Trim() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine(response.Psbt);
            context.Output.WriteLine($"key path {response.KeyPath} (fingerprint {response.MasterFingerprint}), public key {response.PubKey}");
        });
    }
}
