using System.CommandLine;
using TradeNode.Bitcoin.Bip39;

namespace TradeNode.Commands;

/// <summary><c>tradenode wallet new-mnemonic [--words 12|15|18|21|24]</c>: prints a fresh BIP39 English mnemonic.</summary>
public sealed class NewMnemonicCommand : Command
{
    private readonly Option<WordCount> _words = new("--words")
    {
        Description = "How many words: 12, 15, 18, 21 or 24 (128 to 256 bits of entropy).",
        HelpName = "12|15|18|21|24",
        DefaultValueFactory = _ => WordCount.Twelve,
        CustomParser = result => OptionParsers.ParseWordCount(result),
    };

    public NewMnemonicCommand()
        : base("new-mnemonic", "Print a new random BIP39 mnemonic (English). Write it down; it is the wallet.")
    {
        Options.Add(_words);
        SetAction(parseResult =>
        {
            var mnemonic = new Mnemonic(Wordlist.English, parseResult.GetValue(_words));
            parseResult.InvocationConfiguration.Output.WriteLine(mnemonic.ToString());
            return ExitCodes.Success;
        });
    }
}
