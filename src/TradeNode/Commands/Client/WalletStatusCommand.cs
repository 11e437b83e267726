using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet status</c>: whether a wallet exists and is unlocked, how far it has scanned, its balance.</summary>
internal sealed class WalletStatusCommand : ClientCommand
{
    public WalletStatusCommand()
        : base("status", "Show whether the node has a wallet, whether it is unlocked, how far it has scanned the chain, and its balance.", "tradenode wallet status")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var status = await context.Connection.Wallet.GetStatusAsync(new GetWalletStatusRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(status, () => Write(context.Output, status));
    }

    /// <summary>The status as label and value lines (also used by <c>wallet watch</c>).</summary>
    public static void Write(TextWriter output, WalletStatus status)
    {
        var fields = new Fields()
            .Add("Wallet", !status.Exists ? "none (tradenode wallet create or restore)" : status.Unlocked ? $"unlocked until {Display.Time(status.UnlockedUntil)}" : "locked")
            .Add("Scanned", $"{status.ScannedHeight.ToString(CultureInfo.InvariantCulture)} of {status.ChainHeight.ToString(CultureInfo.InvariantCulture)} blocks");
        Display.AddBalance(fields, status.Balance).Write(output);
    }
}
