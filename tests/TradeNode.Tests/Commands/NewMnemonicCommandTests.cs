namespace TradeNode.Tests.Commands;

public class NewMnemonicCommandTests
{
    private static readonly HashSet<string> English =
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "bip39_english.txt")).Where(w => w.Length > 0)];

    [Theory]
    [InlineData(null, 12)]
    [InlineData("12", 12)]
    [InlineData("15", 15)]
    [InlineData("18", 18)]
    [InlineData("21", 21)]
    [InlineData("24", 24)]
    public async Task New_mnemonic_prints_that_many_english_words_with_a_valid_checksumAsync(string? words, int expected)
    {
        string[] args = words is null ? ["wallet", "new-mnemonic"] : ["wallet", "new-mnemonic", "--words", words];

        var result = await TradeNodeProcess.RunAsync(args);

        CliAssert.Success(result);
        var printed = result.Stdout.Trim().Split(' ');
        Assert.Equal(expected, printed.Length);
        Assert.All(printed, word => Assert.Contains(word, English));
        // The checksum is right when derive accepts the words.
        CliAssert.Success(await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", "-"], result.Stdout));
    }

    [Fact]
    public async Task Two_new_mnemonics_differAsync()
    {
        var first = await TradeNodeProcess.RunAsync(["wallet", "new-mnemonic"]);
        var second = await TradeNodeProcess.RunAsync(["wallet", "new-mnemonic"]);

        Assert.NotEqual(first.Stdout, second.Stdout);
    }

    [Theory]
    [InlineData("13")]
    [InlineData("0")]
    [InlineData("twelve")]
    public async Task A_word_count_bip39_does_not_allow_is_bad_inputAsync(string words)
    {
        var result = await TradeNodeProcess.RunAsync(["wallet", "new-mnemonic", "--words", words]);

        CliAssert.BadInput(result);
        Assert.Contains("--words", result.Stderr, StringComparison.Ordinal);
    }
}
