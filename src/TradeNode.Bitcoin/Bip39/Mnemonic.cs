using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Bip39;

/// <summary>
/// A BIP39 mnemonic: 12 to 24 words that encode 128 to 256 bits of entropy plus a checksum, and from which the
/// wallet seed is derived. It is a secret: <see cref="ToString"/> prints the words, so never log it.
/// </summary>
public sealed class Mnemonic
{
    private const int BitsPerWord = 11;
    private const int Pbkdf2Rounds = 2048;
    private const int SeedLength = 64;

    private readonly string[] _words;

    /// <summary>Parses a mnemonic (BIP39 English by default); throws <see cref="MnemonicFormatException"/>.</summary>
    public Mnemonic(string mnemonic, Wordlist? wordlist = null)
    {
        WordList = wordlist ?? Wordlist.English;
        if (!TryDecode(mnemonic, WordList, out var words, out var error))
        {
            throw error;
        }

        _words = words;
    }

    /// <summary>A fresh mnemonic from the operating system's cryptographic random number generator.</summary>
    public Mnemonic(Wordlist wordlist, WordCount wordCount = WordCount.Twelve)
    {
        ArgumentNullException.ThrowIfNull(wordlist);
        var entropyLength = EntropyLength(wordCount);
        Span<byte> entropy = stackalloc byte[entropyLength];
        RandomNumberGenerator.Fill(entropy);
        WordList = wordlist;
        _words = Encode(entropy, wordlist);
        entropy.Clear();
    }

    private Mnemonic(string[] words, Wordlist wordlist)
    {
        _words = words;
        WordList = wordlist;
    }

    public Wordlist WordList { get; }

    public IReadOnlyList<string> Words => Array.AsReadOnly(_words);

    public WordCount WordCount => (WordCount)_words.Length;

    /// <summary>The mnemonic for 16, 20, 24, 28 or 32 bytes of entropy (12 to 24 words).</summary>
    public static Mnemonic FromEntropy(ReadOnlySpan<byte> entropy, Wordlist? wordlist = null)
    {
        if (entropy.Length is not (16 or 20 or 24 or 28 or 32))
        {
            throw new ArgumentException($"BIP39 entropy is 16, 20, 24, 28 or 32 bytes, not {entropy.Length}.", nameof(entropy));
        }

        wordlist ??= Wordlist.English;
        return new Mnemonic(Encode(entropy, wordlist), wordlist);
    }

    public static Mnemonic Parse(string mnemonic, Wordlist? wordlist = null) => new(mnemonic, wordlist);

    public static bool TryParse(string? mnemonic, [NotNullWhen(true)] out Mnemonic? result) => TryParse(mnemonic, null, out result);

    public static bool TryParse(string? mnemonic, Wordlist? wordlist, [NotNullWhen(true)] out Mnemonic? result)
    {
        wordlist ??= Wordlist.English;
        result = TryDecode(mnemonic, wordlist, out var words, out _) ? new Mnemonic(words, wordlist) : null;
        return result is not null;
    }

    /// <summary>
    /// The 64-byte BIP39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, password = the words joined by single spaces,
    /// salt = "mnemonic" + passphrase, both NFKD. A non-ASCII passphrase throws <see cref="NotSupportedException"/>
    /// when the process runs with InvariantGlobalization (no Unicode normalization).
    /// </summary>
    public byte[] DeriveSeed(string? passphrase = null)
    {
        var salt = Encoding.UTF8.GetBytes("mnemonic" + UnicodeNormalization.ToNfkd(passphrase ?? string.Empty, "passphrase"));
        var password = Encoding.UTF8.GetBytes(UnicodeNormalization.ToNfkd(ToString(), "mnemonic"));
        try
        {
            return Rfc2898DeriveBytes.Pbkdf2(password, salt, Pbkdf2Rounds, HashAlgorithmName.SHA512, SeedLength);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            CryptographicOperations.ZeroMemory(salt);
        }
    }

    /// <summary>The BIP32 master key of <see cref="DeriveSeed"/>.</summary>
    public ExtKey DeriveExtKey(string? passphrase = null)
    {
        var seed = DeriveSeed(passphrase);
        try
        {
            return ExtKey.CreateFromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>The words joined by single spaces. This is the secret itself.</summary>
    public override string ToString() => string.Join(' ', _words);

    internal static int EntropyLength(WordCount wordCount) => wordCount switch
    {
        WordCount.Twelve or WordCount.Fifteen or WordCount.Eighteen or WordCount.TwentyOne or WordCount.TwentyFour =>
            (int)wordCount / 3 * 4,
        _ => throw new ArgumentOutOfRangeException(nameof(wordCount), wordCount, "A BIP39 mnemonic has 12, 15, 18, 21 or 24 words."),
    };

    /// <summary>BIP39: entropy || first ENT/32 bits of SHA256(entropy), cut into 11-bit word indexes.</summary>
    private static string[] Encode(ReadOnlySpan<byte> entropy, Wordlist wordlist)
    {
        var checksumBits = entropy.Length / 4;
        Span<byte> data = stackalloc byte[entropy.Length + 1];
        entropy.CopyTo(data);
        data[^1] = SHA256.HashData(entropy)[0];

        var words = new string[(entropy.Length * 8 + checksumBits) / BitsPerWord];
        for (var w = 0; w < words.Length; w++)
        {
            words[w] = wordlist.GetWordAtIndex(ReadBits(data, w * BitsPerWord));
        }

        data.Clear();
        return words;
    }

    private static int ReadBits(ReadOnlySpan<byte> data, int bitOffset)
    {
        var value = 0;
        for (var i = 0; i < BitsPerWord; i++)
        {
            var bit = bitOffset + i;
            value = (value << 1) | ((data[bit / 8] >> (7 - (bit % 8))) & 1);
        }

        return value;
    }

    private static bool TryDecode(
        string? text,
        Wordlist wordlist,
        [NotNullWhen(true)] out string[]? words,
        [NotNullWhen(false)] out MnemonicFormatException? error)
    {
        words = null;
        var tokens = (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0)
        {
            error = new MnemonicFormatException(MnemonicProblem.Empty, "The mnemonic is empty.", "The mnemonic is empty.", null);
            return false;
        }

        if (!Enum.IsDefined((WordCount)tokens.Length))
        {
            var message = $"A BIP39 mnemonic has 12, 15, 18, 21 or 24 words, not {tokens.Length}.";
            error = new MnemonicFormatException(MnemonicProblem.WrongWordCount, message, message, null);
            return false;
        }

        var indexes = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            // The lists are lower case; accept "Abandon" or "ABANDON" as the same word.
            if (!wordlist.WordExists(tokens[i].ToLowerInvariant(), out indexes[i]))
            {
                var redacted = $"Word {i + 1} of the mnemonic is not in the BIP39 {wordlist.Name} word list.";
                error = new MnemonicFormatException(
                    MnemonicProblem.UnknownWord,
                    $"Word {i + 1} of the mnemonic, \"{tokens[i]}\", is not in the BIP39 {wordlist.Name} word list.",
                    redacted,
                    i + 1);
                return false;
            }
        }

        var totalBits = tokens.Length * BitsPerWord;
        var checksumBits = totalBits / 33;
        var entropyBytes = (totalBits - checksumBits) / 8;
        Span<byte> data = stackalloc byte[entropyBytes + 1];
        data.Clear();
        for (var i = 0; i < totalBits; i++)
        {
            if (((indexes[i / BitsPerWord] >> (BitsPerWord - 1 - (i % BitsPerWord))) & 1) != 0)
            {
                data[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        var expected = SHA256.HashData(data[..entropyBytes])[0] >> (8 - checksumBits);
        var actual = data[entropyBytes] >> (8 - checksumBits);
        data.Clear();
        if (expected != actual)
        {
            Array.Clear(indexes);
            const string message = "The mnemonic's checksum does not match: a word is mistyped, missing or out of order.";
            error = new MnemonicFormatException(MnemonicProblem.BadChecksum, message, message, null);
            return false;
        }

        // Keep the list's spelling, so the seed is computed from the canonical text.
        words = Array.ConvertAll(indexes, wordlist.GetWordAtIndex);
        Array.Clear(indexes);
        error = null;
        return true;
    }
}
