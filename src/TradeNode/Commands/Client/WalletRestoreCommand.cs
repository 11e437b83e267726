using System.CommandLine;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary><c>tradenode wallet restore</c>: restores the node's wallet from a mnemonic and scans for its coins.</summary>
internal sealed class WalletRestoreCommand : ClientCommand
{
    private readonly Option<string> _mnemonic = new("--mnemonic")
    {
        Description = "The BIP39 words, quoted. Without it they are read from stdin (or asked for in a terminal), which keeps them out of shell history.",
        HelpName = "words",
    };

    private readonly Option<bool> _passphraseStdin = new("--passphrase-stdin")
    {
        Description = "Read a BIP39 passphrase (\"25th word\") from stdin, after the mnemonic line when the mnemonic comes from stdin too.",
    };

    private readonly Option<int> _birthday = new("--birthday")
    {
        Description = "The chain height to scan from (0 scans everything).",
        HelpName = "height",
        CustomParser = result => OptionParsers.ParseInt(result, "--birthday", 0, int.MaxValue),
    };

    private readonly PasswordOptions _password;
    private readonly SecretInput _input;

    public WalletRestoreCommand(SecretInput input)
        : base(
            "restore",
            "Restore the node's wallet from its mnemonic, encrypt it with a password and scan the chain for its coins. Stdin, in order: the mnemonic (unless --mnemonic), the passphrase (with --passphrase-stdin), the password (with --password-stdin).",
            "tradenode wallet restore --birthday 100",
            "printf '%s\\n' \"$WORDS\" \"$PASSWORD\" | tradenode wallet restore --password-stdin")
    {
        _input = input;
        Options.Add(_mnemonic);
        Options.Add(_passphraseStdin);
        Options.Add(_birthday);
        _password = new PasswordOptions(this);
    }

    protected override async Task<int> ExecuteAsync(ClientContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var mnemonic = parseResult.GetValue(_mnemonic)
            ?? (_input.IsInteractive ? _input.Ask("Mnemonic (the words, separated by spaces): ", echo: false) : _input.ReadLine("the mnemonic"));
        mnemonic = string.Join(' ', mnemonic.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (mnemonic.Length == 0)
        {
            throw new UsageException("The mnemonic is empty.");
        }

        var passphrase = !parseResult.GetValue(_passphraseStdin) ? string.Empty
            : _input.IsInteractive ? _input.Ask("BIP39 passphrase: ", echo: false) : _input.ReadLine("the passphrase");
        var request = new RestoreWalletRequest
        {
            Mnemonic = mnemonic,
            Passphrase = passphrase,
            BirthdayHeight = parseResult.GetValue(_birthday),
            Password = _password.Read(parseResult, _input, confirm: true),
        };
        var response = await context.Connection.Wallet.RestoreAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        return context.Print(response, () =>
        {
            context.Output.WriteLine($"Wallet restored. Node id: {response.NodeId} (the wallet's identity).");
            Display.AddBalance(new Fields(), response.Balance).Write(context.Output);
        });
    }
}
