using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet unlock</c>: decrypts the seed so the wallet can sign, for a while.</summary>
internal sealed class WalletUnlockCommand : ClientCommand
{
    private readonly Option<TimeSpan> _timeout = new("--timeout")
    {
        Description = "How long the wallet stays unlocked (default 5m).",
        HelpName = "duration",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(5),
        CustomParser = result => OptionParsers.ParseDuration(result, "--timeout", TimeSpan.FromSeconds(1)),
    };

    private readonly PasswordOptions _password;
    private readonly SecretInput _input;

    public WalletUnlockCommand(SecretInput input)
        : base("unlock", "Unlock the wallet with its password so it can sign, until the timeout or `tradenode wallet lock`.", "tradenode wallet unlock --timeout 30m", "tradenode wallet unlock --password-stdin < password.txt")
    {
        _input = input;
        Options.Add(_timeout);
        _password = new PasswordOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new UnlockWalletRequest
        {
            TimeoutSeconds = (int)parseResult.GetValue(_timeout).TotalSeconds,
            Password = _password.Read(parseResult, _input, confirm: false),
        };
        var response = await context.Connection.Wallet.UnlockAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () => context.Output.WriteLine($"Wallet unlocked until {Display.Time(response.UnlockedUntil)}."));
    }
}
