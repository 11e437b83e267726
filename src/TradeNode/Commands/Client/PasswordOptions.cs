using System.CommandLine;

namespace TradeNode.Commands.Client;

/// <summary>
/// The wallet password of a verb: <c>--password-stdin</c> (one line of stdin), else asked in the terminal without
/// echo, else <c>--password P</c> for scripts that accept the risk (visible in the process list and shell history).
/// </summary>
internal sealed class PasswordOptions
{
    private readonly Option<bool> _stdin = new("--password-stdin")
    {
        Description = "Read the wallet password from the next line of stdin (for scripts).",
    };

    private readonly Option<string> _plain = new("--password")
    {
        Description = "The wallet password on the command line. Risky: other users can see it in the process list, and it stays in shell history; prefer --password-stdin.",
        HelpName = "password",
    };

    public PasswordOptions(Command command)
    {
        command.Options.Add(_stdin);
        command.Options.Add(_plain);
    }

    /// <summary>The password; <paramref name="confirm"/> asks twice in a terminal (for a new password).</summary>
    public string Read(ParseResult parseResult, SecretInput input, bool confirm)
    {
        var plain = parseResult.GetValue(_plain);
        var fromStdin = parseResult.GetValue(_stdin);
        if (plain is not null && fromStdin)
        {
            throw new UsageException("Give --password or --password-stdin, not both.");
        }

        string password;
        if (plain is not null)
        {
            password = plain;
        }
        else if (fromStdin)
        {
            password = input.ReadLine("the wallet password");
        }
        else if (input.IsInteractive)
        {
            password = input.Ask("Wallet password: ", echo: false);
            if (confirm && input.Ask("Repeat the password: ", echo: false) != password)
            {
                throw new UsageException("The two passwords differ; nothing was changed.");
            }
        }
        else
        {
            throw new UsageException("No wallet password: give --password-stdin and write it on stdin, or run in a terminal to be asked.");
        }

        return password.Length > 0 ? password : throw new UsageException("The wallet password is empty.");
    }
}
