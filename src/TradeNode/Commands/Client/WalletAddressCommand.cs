using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet address</c>: a fresh receiving address.</summary>
internal sealed class WalletAddressCommand : ClientCommand
{
    public WalletAddressCommand()
        : base("address", "Print a fresh receiving address of the wallet (BIP84, native segwit).", "tradenode wallet address")
    {
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var response = await context.Connection.Wallet.NewAddressAsync(new NewAddressRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"{response.Address}  {response.DerivationPath}"));
    }
}
