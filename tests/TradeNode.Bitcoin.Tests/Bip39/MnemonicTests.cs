using System.Security.Cryptography;
using System.Text;
using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Bip39;
using TradeNode.Bitcoin.DataEncoders;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Bip39;

public class MnemonicTests(ITestOutputHelper output)
{
    private const string Bip84Mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

    [Fact]
    public void Every_english_trezor_vector_goes_from_entropy_to_words_to_seed_to_xprv()
    {
        var vectors = VectorFile.ReadJson("python-mnemonic/vectors.json").GetProperty("english");
        var count = 0;
        var failures = new List<string>();
        foreach (var vector in vectors.EnumerateArray())
        {
            var entropy = Convert.FromHexString(vector[0].GetString()!);
            var words = vector[1].GetString()!;
            var seed = vector[2].GetString()!;
            var xprv = vector[3].GetString()!;

            var fromEntropy = Mnemonic.FromEntropy(entropy);
            var parsed = Mnemonic.Parse(words);
            var actualSeed = Convert.ToHexStringLower(parsed.DeriveSeed("TREZOR"));
            var actualXprv = parsed.DeriveExtKey("TREZOR").ToString(Network.Main);

            if (fromEntropy.ToString() != words || parsed.ToString() != words || actualSeed != seed || actualXprv != xprv
                || (int)parsed.WordCount != entropy.Length * 3 / 4)
            {
                failures.Add($"vector {count}: entropy {vector[0].GetString()}");
            }

            count++;
        }

        output.WriteLine($"python-mnemonic/vectors.json english: {count - failures.Count} passed, {failures.Count} failed, 0 skipped");
        failures.ForEach(output.WriteLine);
        Assert.Empty(failures);
        Assert.Equal(24, count);
    }

    [Fact]
    public void The_embedded_english_list_is_the_bip39_file_byte_for_byte()
    {
        var fromVectors = VectorFile.ReadText("bips/bip39_english.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var english = Wordlist.English;

        Assert.Equal(2048, english.Count);
        Assert.Equal(fromVectors, Enumerable.Range(0, english.Count).Select(english.GetWordAtIndex));
        Assert.Equal(
            "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda",
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', fromVectors) + "\n"))));
        Assert.True(english.WordExists("zoo", out var zoo));
        Assert.Equal(2047, zoo);
        Assert.False(english.WordExists("bitcoin", out _));
    }

    [Fact]
    public void Bip84_mnemonic_with_no_passphrase_gives_the_bip84_root_key()
    {
        var vector = VectorFile.ReadJson("bips/bip84_vectors.json");
        var mnemonic = new Mnemonic(vector.GetProperty("mnemonic").GetString()!);

        var master = mnemonic.DeriveExtKey();

        // The BIP prints the root as zprv (SLIP-132 version bytes); same key, chain code and depth as this xprv.
        Assert.Equal(ZprvPayload(vector.GetProperty("rootpriv").GetString()!), ZprvPayload(master.ToString(Network.Main)));
        Assert.Equal(mnemonic.DeriveSeed(), mnemonic.DeriveSeed(string.Empty));
        Assert.NotEqual(mnemonic.DeriveSeed(), mnemonic.DeriveSeed("TREZOR"));
    }

    [Fact]
    public void Every_bip84_vector_key_derives_from_the_mnemonic()
    {
        var vector = VectorFile.ReadJson("bips/bip84_vectors.json");
        var master = Mnemonic.Parse(vector.GetProperty("mnemonic").GetString()!).DeriveExtKey();
        var account = vector.GetProperty("account");
        var accountKey = master.Derive(KeyPaths.Bip84Account(Network.Main, 0));

        Assert.Equal(ZprvPayload(account.GetProperty("xpriv").GetString()!), ZprvPayload(accountKey.ToString(Network.Main)));
        Assert.Equal(ZprvPayload(account.GetProperty("xpub").GetString()!), ZprvPayload(accountKey.Neuter().ToString(Network.Main)));
        var count = 0;
        foreach (var address in vector.GetProperty("addresses").EnumerateArray())
        {
            var key = master.Derive(KeyPath.Parse(address.GetProperty("path").GetString()!)).PrivateKey;
            var wif = Encoders.Base58Check.Decode(address.GetProperty("privkey").GetString()!);

            Assert.Equal(address.GetProperty("pubkey").GetString(), key.PubKey.ToHex());
            Assert.Equal([Network.Main.SecretKeyPrefix, .. key.ToBytes(), 0x01], wif);
            Assert.Equal(address.GetProperty("privkey").GetString(), key.GetWif(Network.Main).ToString());
            Assert.Equal(address.GetProperty("address").GetString(), key.PubKey.GetAddress(ScriptPubKeyType.Segwit, Network.Main).ToString());
            count++;
        }

        output.WriteLine($"bip84_vectors.json: root, account and {count} addresses (WIF, pubkey, bech32) passed, 0 skipped");
        Assert.Equal(3, count);
    }

    [Fact]
    public void Words_are_accepted_in_any_case_and_spacing_and_come_back_in_list_spelling()
    {
        var mnemonic = Mnemonic.Parse("  ABANDON abandon\tAbandon abandon abandon abandon\nabandon abandon abandon abandon abandon   about \n");

        Assert.Equal(Bip84Mnemonic, mnemonic.ToString());
        Assert.Equal(12, mnemonic.Words.Count);
        Assert.Equal(Mnemonic.Parse(Bip84Mnemonic).DeriveSeed(), mnemonic.DeriveSeed());
    }

    [Fact]
    public void A_wrong_last_word_is_a_bad_checksum()
    {
        var text = Bip84Mnemonic.Replace("about", "abandon", StringComparison.Ordinal);

        var error = Assert.Throws<MnemonicFormatException>(() => new Mnemonic(text));

        Assert.Equal(MnemonicProblem.BadChecksum, error.Problem);
        Assert.Contains("checksum", error.Message, StringComparison.Ordinal);
        Assert.False(Mnemonic.TryParse(text, out _));
    }

    [Fact]
    public void An_unknown_word_is_named_with_its_position_and_left_out_of_the_redacted_message()
    {
        var text = Bip84Mnemonic.Replace("about", "bitcoin", StringComparison.Ordinal);

        var error = Assert.Throws<MnemonicFormatException>(() => Mnemonic.Parse(text));

        Assert.Equal(MnemonicProblem.UnknownWord, error.Problem);
        Assert.Equal(12, error.WordPosition);
        Assert.Contains("\"bitcoin\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bitcoin", error.RedactedMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("abandon", error.RedactedMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(11)]
    [InlineData(13)]
    [InlineData(25)]
    [InlineData(48)]
    public void A_wrong_word_count_is_rejected(int count)
    {
        var text = string.Join(' ', Enumerable.Repeat("abandon", count));

        var error = Assert.Throws<MnemonicFormatException>(() => Mnemonic.Parse(text));

        Assert.Equal(count == 0 ? MnemonicProblem.Empty : MnemonicProblem.WrongWordCount, error.Problem);
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.False(Mnemonic.TryParse(text, out _));
    }

    [Fact]
    public void Null_and_blank_text_are_rejected_with_a_format_exception()
    {
        Assert.False(Mnemonic.TryParse(null, out _));
        Assert.Throws<MnemonicFormatException>(() => Mnemonic.Parse(" \t\n"));
        Assert.Throws<MnemonicFormatException>(() => Mnemonic.Parse(null!));
    }

    [Fact]
    public void Random_and_mutated_text_only_ever_gives_a_format_exception()
    {
        var random = new Random(84);
        var words = Bip84Mnemonic.Split(' ');
        var rejected = 0;
        for (var i = 0; i < 2000; i++)
        {
            var mutated = (string[])words.Clone();
            mutated[random.Next(mutated.Length)] = Wordlist.English.GetWordAtIndex(random.Next(2048));
            var text = i % 2 == 0
                ? string.Join(' ', mutated)
                : new string([.. Enumerable.Range(0, random.Next(200)).Select(_ => (char)random.Next(0, 0x3000))]);

            var error = Record.Exception(() => Mnemonic.Parse(text));

            if (error is not null)
            {
                Assert.IsType<MnemonicFormatException>(error);
                rejected++;
            }
        }

        output.WriteLine($"{rejected} of 2000 mutated or random texts rejected");
        Assert.InRange(rejected, 1000, 2000);
    }

    [Fact]
    public void Fuzzed_vector_mnemonics_only_give_format_errors()
    {
        var seeds = VectorFile.ReadJson("python-mnemonic/vectors.json").GetProperty("english").EnumerateArray()
            .Select(vector => vector[1].GetString()!)
            .ToList();

        var report = Fuzzing.ParserFuzzer.FuzzText(text => Mnemonic.Parse(text), seeds, 10_000);

        output.WriteLine($"Mnemonic.Parse: {report}");
        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(10)));
        Assert.True(report.Total > 10_000 && report.Rejected > 0, report.ToString());
    }

    [Theory]
    [InlineData(WordCount.Twelve)]
    [InlineData(WordCount.Fifteen)]
    [InlineData(WordCount.Eighteen)]
    [InlineData(WordCount.TwentyOne)]
    [InlineData(WordCount.TwentyFour)]
    public void New_mnemonics_have_the_asked_length_a_valid_checksum_and_differ(WordCount wordCount)
    {
        var first = new Mnemonic(Wordlist.English, wordCount);
        var second = new Mnemonic(Wordlist.English, wordCount);

        Assert.Equal((int)wordCount, first.Words.Count);
        Assert.Equal(wordCount, first.WordCount);
        Assert.Equal(first.ToString(), Mnemonic.Parse(first.ToString()).ToString());
        Assert.NotEqual(first.ToString(), second.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(33)]
    public void Entropy_of_a_length_bip39_does_not_allow_is_refused(int length)
    {
        Assert.Throws<ArgumentException>(() => Mnemonic.FromEntropy(new byte[length]));
    }

    [Fact]
    public void An_ascii_passphrase_needs_no_unicode_support_and_changes_the_seed()
    {
        var mnemonic = Mnemonic.Parse(Bip84Mnemonic);

        Assert.NotEqual(mnemonic.DeriveSeed("a"), mnemonic.DeriveSeed("b"));
        Assert.Equal(64, mnemonic.DeriveSeed("a").Length);
    }

    [Fact]
    public void A_non_ascii_passphrase_is_normalized_or_refused_never_silently_hashed_raw()
    {
        var mnemonic = Mnemonic.Parse(Bip84Mnemonic);
        const string composed = "caf\u00e9";
        const string decomposed = "cafe\u0301";

        var error = Record.Exception(() => mnemonic.DeriveSeed(composed));

        if (error is null)
        {
            // ICU is there: both spellings are the same NFKD text, so the same seed.
            Assert.Equal(mnemonic.DeriveSeed(decomposed), mnemonic.DeriveSeed(composed));
            output.WriteLine("Unicode normalization available: composed and decomposed passphrases agree.");
        }
        else
        {
            // InvariantGlobalization (this repository's default): refused with a sentence naming the cause.
            var notSupported = Assert.IsType<NotSupportedException>(error);
            Assert.Contains("InvariantGlobalization", notSupported.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(composed, notSupported.Message, StringComparison.Ordinal);
            output.WriteLine("Invariant globalization: non-ASCII passphrases are refused.");
        }
    }

    [Fact]
    public void To_string_is_the_canonical_words()
    {
        Assert.Equal(Bip84Mnemonic, Mnemonic.Parse(Bip84Mnemonic).ToString());
    }

    private static string ZprvPayload(string extendedKey) =>
        Convert.ToHexStringLower(Encoders.Base58Check.Decode(extendedKey).AsSpan(4));
}
