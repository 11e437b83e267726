namespace TradeNode.Bitcoin.Bip39;

/// <summary>The mnemonic lengths BIP39 allows. Each 3 words carry 32 bits of entropy and 1 checksum bit.</summary>
public enum WordCount
{
    Twelve = 12,
    Fifteen = 15,
    Eighteen = 18,
    TwentyOne = 21,
    TwentyFour = 24,
}
