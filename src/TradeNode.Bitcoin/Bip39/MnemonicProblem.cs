namespace TradeNode.Bitcoin.Bip39;

/// <summary>Why a text is not a BIP39 mnemonic.</summary>
public enum MnemonicProblem
{
    /// <summary>The text holds no words.</summary>
    Empty,

    /// <summary>Not 12, 15, 18, 21 or 24 words.</summary>
    WrongWordCount,

    /// <summary>A word is not in the word list.</summary>
    UnknownWord,

    /// <summary>Every word is known but the checksum bits do not match the entropy (a mistyped or reordered word).</summary>
    BadChecksum,
}
