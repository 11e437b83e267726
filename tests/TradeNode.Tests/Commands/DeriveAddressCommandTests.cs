using System.Text.Json;

namespace TradeNode.Tests.Commands;

public class DeriveAddressCommandTests
{
    private static readonly JsonElement Bip84 = ReadBip84();
    private static readonly string Bip84Mnemonic = Bip84.GetProperty("mnemonic").GetString()!;

    [Fact]
    public async Task Mainnet_derive_matches_every_bip84_vectorAsync()
    {
        var checkedCount = 0;
        foreach (var vector in Bip84.GetProperty("addresses").EnumerateArray())
        {
            var path = vector.GetProperty("path").GetString()!;
            var steps = path.Split('/');
            var change = steps[4] == "1";

            string[] args = ["address", "derive", "--mnemonic", Bip84Mnemonic, "--network", "mainnet", "--index", steps[5]];
            var result = await TradeNodeProcess.RunAsync(change ? [.. args, "--change"] : args);

            CliAssert.Success(result);
            var columns = result.Stdout.TrimEnd('\n').Split('\t');
            Assert.Equal(path, columns[0]);
            Assert.Equal(vector.GetProperty("pubkey").GetString(), columns[1]);
            Assert.Equal(vector.GetProperty("address").GetString(), columns[2]);
            Assert.Equal(3, columns.Length);
            checkedCount++;
        }

        Assert.Equal(3, checkedCount);
    }

    [Fact]
    public async Task Count_prints_consecutive_indexes_one_line_eachAsync()
    {
        var result = await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", Bip84Mnemonic, "--network", "mainnet", "--count", "2"]);

        CliAssert.Success(result);
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        var addresses = Bip84.GetProperty("addresses");
        Assert.Equal(addresses[0].GetProperty("pubkey").GetString(), lines[0].Split('\t')[1]);
        Assert.Equal(addresses[1].GetProperty("pubkey").GetString(), lines[1].Split('\t')[1]);
        Assert.Equal(addresses[0].GetProperty("address").GetString(), lines[0].Split('\t')[2]);
        Assert.Equal(addresses[1].GetProperty("address").GetString(), lines[1].Split('\t')[2]);
    }

    [Fact]
    public async Task Regtest_is_the_default_and_uses_coin_type_one_and_bcrt_addressesAsync()
    {
        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, "--index", "3"]);

        CliAssert.Success(result);
        Assert.StartsWith("m/84'/1'/0'/0/3\t", result.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("bcrt1q", result.Stdout.Split('\t')[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("testnet", "tb1q")]
    [InlineData("signet", "tb1q")]
    [InlineData("regtest", "bcrt1q")]
    [InlineData("mainnet", "bc1q")]
    public async Task Each_network_has_its_address_prefix_and_coin_typeAsync(string network, string prefix)
    {
        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, "--network", network]);

        CliAssert.Success(result);
        var columns = result.Stdout.TrimEnd('\n').Split('\t');
        Assert.StartsWith(prefix, columns[2], StringComparison.Ordinal);
        Assert.Equal(network == "mainnet" ? "m/84'/0'/0'/0/0" : "m/84'/1'/0'/0/0", columns[0]);
    }

    [Fact]
    public async Task The_mnemonic_can_come_from_stdinAsync()
    {
        var fromArgs = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, "--count", "3"]);
        var fromStdin = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", "-", "--count", "3"], Bip84Mnemonic + "\n");

        CliAssert.Success(fromStdin);
        Assert.Equal(fromArgs.Stdout, fromStdin.Stdout);
    }

    [Fact]
    public async Task The_passphrase_can_come_from_stdin_alone_or_after_the_mnemonicAsync()
    {
        var fromArgs = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, "--passphrase", "TREZOR two"]);
        var passphraseOnly = await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", Bip84Mnemonic, "--passphrase", "-"], "TREZOR two\n");
        var both = await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", "-", "--passphrase", "-"], Bip84Mnemonic + "\nTREZOR two\n");
        var bothOneLine = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", "-", "--passphrase", "-"], Bip84Mnemonic);

        CliAssert.Success(fromArgs);
        Assert.Equal(fromArgs.Stdout, passphraseOnly.Stdout);
        Assert.Equal(fromArgs.Stdout, both.Stdout);
        CliAssert.BadInput(bothOneLine, "abandon");
    }

    [Fact]
    public async Task A_passphrase_changes_the_keysAsync()
    {
        var without = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic]);
        var with = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, "--passphrase", "TREZOR"]);

        CliAssert.Success(with);
        Assert.NotEqual(without.Stdout, with.Stdout);
        Assert.DoesNotContain("TREZOR", with.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_is_an_array_with_one_object_per_addressAsync()
    {
        var result = await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", Bip84Mnemonic, "--network", "mainnet", "--change", "--json"]);

        CliAssert.Success(result);
        using var json = JsonDocument.Parse(result.Stdout);
        var row = Assert.Single(json.RootElement.EnumerateArray());
        var expected = Bip84.GetProperty("addresses")[2];
        Assert.Equal(expected.GetProperty("path").GetString(), row.GetProperty("path").GetString());
        Assert.Equal(expected.GetProperty("pubkey").GetString(), row.GetProperty("pubkey").GetString());
        Assert.Equal(expected.GetProperty("address").GetString(), row.GetProperty("address").GetString());
        Assert.Equal(0, row.GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task A_bad_checksum_is_bad_input_and_the_words_are_not_repeatedAsync()
    {
        var mnemonic = Bip84Mnemonic.Replace("about", "zoo", StringComparison.Ordinal);

        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", mnemonic]);

        CliAssert.BadInput(result, "abandon", "zoo");
        Assert.Contains("checksum", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_word_is_reported_by_position_not_by_the_wordAsync()
    {
        var mnemonic = Bip84Mnemonic.Replace("about", "qwerty", StringComparison.Ordinal);

        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", "-"], mnemonic);

        CliAssert.BadInput(result, "abandon", "qwerty");
        Assert.Contains("Word 12", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--network", "moonnet", "moonnet")]
    [InlineData("--index", "-1", "--index")]
    [InlineData("--count", "0", "--count")]
    [InlineData("--account", "-5", "--account")]
    [InlineData("--index", "2147483648", "--index")]
    [InlineData("--count", "many", "--count")]
    public async Task Out_of_range_options_are_bad_inputAsync(string option, string value, string named)
    {
        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", Bip84Mnemonic, option, value]);

        CliAssert.BadInput(result, "abandon");
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unquoted_mnemonic_is_bad_input_that_does_not_echo_the_wordsAsync()
    {
        var result = await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", .. Bip84Mnemonic.Split(' ')]);

        CliAssert.BadInput(result, "abandon", "about");
    }

    [Fact]
    public async Task A_passphrase_never_appears_in_an_errorAsync()
    {
        var result = await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", "abandon abandon", "--passphrase", "hunter2 secret", "--network", "nowhere"]);

        CliAssert.BadInput(result, "hunter2", "abandon");
    }

    [Fact]
    public async Task Missing_mnemonic_and_index_past_the_last_are_bad_inputAsync()
    {
        CliAssert.BadInput(await TradeNodeProcess.RunAsync(["address", "derive"]));
        CliAssert.BadInput(await TradeNodeProcess.RunAsync(["address", "derive", "--mnemonic", "-"], string.Empty));
        CliAssert.BadInput(await TradeNodeProcess.RunAsync(
            ["address", "derive", "--mnemonic", Bip84Mnemonic, "--index", "2147483647", "--count", "2"]));
    }

    private static JsonElement ReadBip84()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "bip84_vectors.json")));
        return document.RootElement.Clone();
    }
}
