namespace TradeNode.Bitcoin.Bip39;

/// <summary>
/// A text that is not a valid BIP39 mnemonic. <see cref="Exception.Message"/> may quote the unknown word;
/// <see cref="RedactedMessage"/> says the same without any word, for logs and command-line errors.
/// </summary>
public sealed class MnemonicFormatException : FormatException
{
    public MnemonicFormatException()
        : this(MnemonicProblem.Empty, "The mnemonic is not valid.", "The mnemonic is not valid.", null)
    {
    }

    public MnemonicFormatException(string message)
        : this(MnemonicProblem.Empty, message, message, null)
    {
    }

    public MnemonicFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        RedactedMessage = message;
    }

    internal MnemonicFormatException(MnemonicProblem problem, string message, string redactedMessage, int? wordPosition)
        : base(message)
    {
        Problem = problem;
        RedactedMessage = redactedMessage;
        WordPosition = wordPosition;
    }

    public MnemonicProblem Problem { get; }

    /// <summary>The 1-based position of the unknown word, when <see cref="Problem"/> is <see cref="MnemonicProblem.UnknownWord"/>.</summary>
    public int? WordPosition { get; }

    /// <summary>The message without any word of the mnemonic.</summary>
    public string RedactedMessage { get; }
}
