using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet send ADDRESS AMOUNT</c>: sends bitcoin from the wallet.</summary>
internal sealed class WalletSendCommand : ClientCommand
{
    private readonly Argument<string> _address = new("address") { Description = "A bitcoin address of the node's network." };

    private readonly Argument<long> _amount = new("amount")
    {
        Description = "Satoshis (100000) or bitcoin with a btc suffix (0.001btc).",
        CustomParser = ClientParsers.ParseSats,
    };

    private readonly Option<long> _feeRate = new("--fee-rate")
    {
        Description = "Fee rate in sat/vB (default: estimated for --target).",
        HelpName = "sat/vB",
        CustomParser = result => OptionParsers.ParseInt(result, "--fee-rate", 1, 100_000),
    };

    private readonly Option<int> _target = new("--target")
    {
        Description = "Confirm within this many blocks, when no --fee-rate is given (default 6).",
        HelpName = "blocks",
        CustomParser = result => OptionParsers.ParseInt(result, "--target", 1, 1008),
    };

    private readonly Option<bool> _subtractFee = new("--subtract-fee")
    {
        Description = "Take the fee out of the amount (to send everything, or an exact total).",
    };

    public WalletSendCommand()
        : base("send", "Send bitcoin to an address; coins reserved for offers and trades are never spent. Needs the wallet unlocked.", "tradenode wallet send bcrt1q... 0.001btc", "tradenode wallet send bcrt1q... 100000 --fee-rate 5")
    {
        Arguments.Add(_address);
        Arguments.Add(_amount);
        Options.Add(_feeRate);
        Options.Add(_target);
        Options.Add(_subtractFee);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new SendRequest
        {
            Address = parseResult.GetValue(_address)!.Trim(),
            AmountSats = parseResult.GetValue(_amount),
            FeeRateSatPerVb = parseResult.GetValue(_feeRate),
            ConfirmationTarget = parseResult.GetValue(_target),
            SubtractFeeFromAmount = parseResult.GetValue(_subtractFee),
        };
        var response = await context.Connection.Wallet.SendAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => new Fields()
            .Add("Sent", Display.BtcAndSats(response.AmountSats))
            .Add("Fee", Display.BtcAndSats(response.FeeSats))
            .Add("Txid", response.Txid)
            .Write(context.Output));
    }
}
