using System.CommandLine;
using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet create</c>: creates the node's wallet and prints its mnemonic, once.</summary>
internal sealed class WalletCreateCommand : ClientCommand
{
    private readonly Option<int> _words = new("--words")
    {
        Description = "Words in the new mnemonic: 12 or 24.",
        HelpName = "12|24",
        DefaultValueFactory = _ => 12,
        CustomParser = result =>
        {
            var value = OptionParsers.ParseInt(result, "--words", 12, 24);
            if (value is not (12 or 24) && result.Errors.Count() == 0)
            {
                result.AddError($"--words must be 12 or 24, not '{value.ToString(CultureInfo.InvariantCulture)}'.");
            }

            return value;
        },
    };

    private readonly PasswordOptions _password;
    private readonly SecretInput _input;

    public WalletCreateCommand(SecretInput input)
        : base(
            "create",
            "Create the node's wallet, encrypted with a password, and print its new mnemonic once: write it down, it is the only backup.",
            "tradenode wallet create",
            "printf '%s\\n' \"$PASSWORD\" | tradenode wallet create --password-stdin --words 24")
    {
        _input = input;
        Options.Add(_words);
        _password = new PasswordOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var request = new CreateWalletRequest
        {
            WordCount = parseResult.GetValue(_words),
            Password = _password.Read(parseResult, _input, confirm: true),
        };
        var response = await context.Connection.Wallet.CreateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            var output = context.Output;
            output.WriteLine("Wallet created. Write these words down, in order, and keep them offline: they are the only way to restore");
            output.WriteLine("the wallet and its coins, and the node will never show them again.");
            output.WriteLine();
            output.WriteLine(response.Mnemonic);
            output.WriteLine();
            output.WriteLine($"Birthday height: {response.BirthdayHeight.ToString(CultureInfo.InvariantCulture)} (give it to `tradenode wallet restore --birthday` to scan less).");
            output.WriteLine($"Node id: {response.NodeId} (derived from these words: restoring them gives this node id back).");
        });
    }
}
