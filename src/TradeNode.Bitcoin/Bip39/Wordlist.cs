namespace TradeNode.Bitcoin.Bip39;

/// <summary>A BIP39 word list: 2048 distinct words, each standing for an 11-bit number (its line index).</summary>
public sealed class Wordlist
{
    public const int Size = 2048;

    private static readonly Lazy<Wordlist> LazyEnglish = new(() => LoadEmbedded("english.txt", "english"));

    private readonly string[] _words;
    private readonly Dictionary<string, int> _indexes;

    /// <summary>A word list from its 2048 words in BIP39 order.</summary>
    public Wordlist(IEnumerable<string> words, string name)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _words = [.. words];
        if (_words.Length != Size)
        {
            throw new ArgumentException($"A BIP39 word list has {Size} words, not {_words.Length}.", nameof(words));
        }

        _indexes = new Dictionary<string, int>(Size, StringComparer.Ordinal);
        for (var i = 0; i < _words.Length; i++)
        {
            var word = _words[i];
            if (string.IsNullOrEmpty(word) || word.Any(char.IsWhiteSpace))
            {
                throw new ArgumentException($"Word {i + 1} of the list is empty or holds a space.", nameof(words));
            }

            if (!_indexes.TryAdd(word, i))
            {
                throw new ArgumentException($"Word {i + 1} of the list, \"{word}\", appears twice.", nameof(words));
            }
        }

        Name = name;
    }

    /// <summary>The BIP39 English list (bip-0039/english.txt), embedded in this assembly.</summary>
    public static Wordlist English => LazyEnglish.Value;

    public string Name { get; }

    public int Count => _words.Length;

    /// <summary>The word for an 11-bit value (0 to 2047).</summary>
    public string GetWordAtIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _words[index];
    }

    /// <summary>Looks a word up exactly as listed (the lists are lower case).</summary>
    public bool WordExists(string? word, out int index)
    {
        index = -1;
        return word is not null && _indexes.TryGetValue(word, out index);
    }

    public override string ToString() => Name;

    private static Wordlist LoadEmbedded(string fileName, string name)
    {
        var resource = $"TradeNode.Bitcoin.Bip39.{fileName}";
        using var stream = typeof(Wordlist).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded word list {resource} is missing from the assembly.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        var words = reader.ReadToEnd()
            .Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .Where(line => line.Length > 0);
        return new Wordlist(words, name);
    }
}
