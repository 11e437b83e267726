using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet fund</c>: regtest only, mines blocks paying the wallet.</summary>
internal sealed class WalletFundCommand : ClientCommand
{
    private readonly Option<int> _blocks = new("--blocks")
    {
        Description = "Blocks to mine to the wallet (default 101: one mature coinbase).",
        HelpName = "n",
        CustomParser = result => OptionParsers.ParseInt(result, "--blocks", 1, 1000),
    };

    public WalletFundCommand()
        : base("fund", "Regtest only: mine blocks paying the wallet, so demos and tests start with coins.", "tradenode wallet fund", "tradenode wallet fund --blocks 110")
    {
        Options.Add(_blocks);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new FundRequest { Blocks = parseResult.GetValue(_blocks) };
        var response = await context.Connection.Wallet.FundAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine($"Mined {response.BlockHashes.Count.ToString(CultureInfo.InvariantCulture)} blocks to the wallet.");
            Display.AddBalance(new Fields(), response.Balance).Write(context.Output);
        });
    }
}
