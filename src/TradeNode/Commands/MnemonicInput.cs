using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Bip39;

namespace TradeNode.Commands;

/// <summary>
/// A BIP39 mnemonic (and passphrase) given on the command line or, with "-", read from stdin so it stays out of the
/// shell history and the process list; shared by the offline tools that derive keys (<c>address derive</c>,
/// <c>psbt sign</c>). Errors are <see cref="UsageException"/>s that never repeat the secret.
/// </summary>
internal sealed class MnemonicInput(TextReader input, int maxChars)
{
    /// <summary>The master key of the mnemonic and passphrase arguments ("-" reads them from stdin).</summary>
    public ExtKey ReadMaster(string mnemonic, string? passphrase)
    {
        var (mnemonicText, passphraseText) = ReadSecrets(mnemonic, passphrase);
        return DeriveMaster(ParseMnemonic(mnemonicText), passphraseText);
    }

    /// <summary>
    /// Resolves "-" arguments from stdin: the whole of it for one secret; with both, the mnemonic on the first line
    /// and the passphrase (kept exactly, spaces included) on the second.
    /// </summary>
    public (string Mnemonic, string? Passphrase) ReadSecrets(string mnemonic, string? passphrase)
    {
        var mnemonicFromStdin = mnemonic == "-";
        var passphraseFromStdin = passphrase == "-";
        if (!mnemonicFromStdin && !passphraseFromStdin)
        {
            return (mnemonic, passphrase);
        }

        var stdin = ReadStdin();
        if (mnemonicFromStdin && passphraseFromStdin)
        {
            var lines = stdin.Split('\n');
            if (lines.Length < 2)
            {
                throw new UsageException("With --mnemonic - and --passphrase -, stdin must hold the mnemonic on the first line and the passphrase on the second.");
            }

            return (lines[0], lines[1].TrimEnd('\r'));
        }

        return mnemonicFromStdin ? (stdin, passphrase) : (mnemonic, TrimLineEnd(stdin));
    }

    public string ReadStdin()
    {
        var buffer = new char[maxChars + 1];
        var read = input.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, Math.Min(read, maxChars));
        Array.Clear(buffer);
        return read > maxChars
            ? throw new UsageException($"stdin holds more than {maxChars} characters; only a mnemonic and a passphrase are expected.")
            : text;
    }

    private static string TrimLineEnd(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;

    private static Mnemonic ParseMnemonic(string text)
    {
        try
        {
            return Mnemonic.Parse(text);
        }
        catch (MnemonicFormatException error)
        {
            throw new UsageException(error.RedactedMessage, error);
        }
    }

    private static ExtKey DeriveMaster(Mnemonic mnemonic, string? passphrase)
    {
        try
        {
            return mnemonic.DeriveExtKey(passphrase);
        }
        catch (NotSupportedException error)
        {
            throw new UsageException(error.Message, error);
        }
    }
}
