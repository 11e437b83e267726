using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.DataEncoders;
using TradeNode.Bitcoin.Scripting;
using TradeNode.Bitcoin.Tests.Fuzzing;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Addresses;

public class BitcoinAddressTests(ITestOutputHelper output)
{
    private static readonly PubKey G = new Key(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001")).PubKey;

    [Fact]
    public void A_key_gives_the_four_kinds_of_single_key_address()
    {
        // Secret 1 (the generator): its P2PKH and P2WPKH addresses are the well-known ones of HASH160 751e76e8...
        Assert.Equal("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", G.GetAddress(ScriptPubKeyType.Legacy, Network.Main).ToString());
        Assert.Equal("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", G.GetAddress(ScriptPubKeyType.Segwit, Network.Main).ToString());
        Assert.IsType<BitcoinPubKeyAddress>(G.GetAddress(ScriptPubKeyType.Legacy, Network.Main));
        Assert.IsType<BitcoinWitPubKeyAddress>(G.GetAddress(ScriptPubKeyType.Segwit, Network.TestNet));

        var nested = G.GetAddress(ScriptPubKeyType.SegwitP2SH, Network.Main);
        Assert.IsType<BitcoinScriptAddress>(nested);
        Assert.Equal(PayToScriptHashTemplate.Instance.GenerateScriptPubKey(G.GetScriptPubKey(ScriptPubKeyType.Segwit)), nested.ScriptPubKey);

        var taproot = G.GetAddress(ScriptPubKeyType.TaprootBIP86, Network.RegTest);
        Assert.IsType<TaprootAddress>(taproot);
        Assert.StartsWith("bcrt1p", taproot.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bip84_public_keys_give_their_listed_addresses()
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson("bips/bip84_vectors.json").GetProperty("addresses").EnumerateArray())
        {
            var pubKey = PubKey.Parse(entry.GetProperty("pubkey").GetString()!);
            var secret = BitcoinSecret.Create(entry.GetProperty("privkey").GetString()!, Network.Main);

            var address = pubKey.GetAddress(ScriptPubKeyType.Segwit, Network.Main);

            Assert.Equal(entry.GetProperty("address").GetString(), address.ToString());
            Assert.Equal(pubKey, secret.PubKey);
            Assert.Equal(address, secret.GetAddress(ScriptPubKeyType.Segwit));
            passed++;
        }

        output.WriteLine($"bip84_vectors.json addresses: {passed} passed, 0 skipped");
        Assert.Equal(3, passed);
    }

    [Fact]
    public void Every_bip341_script_pub_key_case_tweaks_to_its_output_key_and_address()
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson("bitcoin-core/bip341_wallet_vectors.json").GetProperty("scriptPubKey").EnumerateArray())
        {
            var internalKey = Convert.FromHexString(entry.GetProperty("given").GetProperty("internalPubkey").GetString()!);
            var root = entry.GetProperty("intermediary").GetProperty("merkleRoot");
            var merkleRoot = root.ValueKind == System.Text.Json.JsonValueKind.Null ? [] : Convert.FromHexString(root.GetString()!);
            var expected = entry.GetProperty("expected");

            var outputKey = TaprootTweak.ComputeOutputKey(internalKey, merkleRoot);
            var address = new TaprootAddress(outputKey, Network.Main);

            Assert.Equal(entry.GetProperty("intermediary").GetProperty("tweakedPubkey").GetString(), Convert.ToHexStringLower(outputKey));
            Assert.Equal(expected.GetProperty("scriptPubKey").GetString(), address.ScriptPubKey.ToHex());
            Assert.Equal(expected.GetProperty("bip350Address").GetString(), address.ToString());
            Assert.Equal(address, BitcoinAddress.Create(address.ToString(), Network.Main));
            if (merkleRoot.Length == 0)
            {
                // No script tree: this is exactly BIP86's key-path-only output.
                var pubKey = new PubKey([0x02, .. internalKey]);
                Assert.Equal(expected.GetProperty("scriptPubKey").GetString(), pubKey.GetScriptPubKey(ScriptPubKeyType.TaprootBIP86).ToHex());
            }

            passed++;
        }

        output.WriteLine($"bip341_wallet_vectors.json scriptPubKey: {passed} passed, 0 skipped");
        Assert.Equal(7, passed);
    }

    [Fact]
    public void Every_bip67_vector_gives_its_p2sh_address()
    {
        var passed = 0;
        foreach (var vector in VectorFile.ReadJson("bips/bip67_vectors.json").GetProperty("vectors").EnumerateArray())
        {
            var redeem = Script.FromHex(vector.GetProperty("script").GetString()!);

            var address = redeem.GetScriptAddress(Network.Main);

            Assert.Equal(vector.GetProperty("address").GetString(), address.ToString());
            Assert.Equal(address, BitcoinAddress.Parse(address.ToString()));
            passed++;
        }

        output.WriteLine($"bip67_vectors.json addresses: {passed} passed, 0 skipped");
        Assert.Equal(4, passed);
    }

    [Fact]
    public void Witness_scripts_give_p2wsh_and_nested_addresses()
    {
        var witnessScript = PayToMultiSigTemplate.Instance.GenerateScriptPubKey(1, G);

        var p2wsh = witnessScript.GetWitScriptAddress(Network.TestNet);
        var nested = witnessScript.GetWitScriptAddressOverP2SH(Network.TestNet);

        Assert.Equal(PayToWitScriptHashTemplate.Instance.GenerateScriptPubKey(witnessScript), p2wsh.ScriptPubKey);
        Assert.StartsWith("tb1q", p2wsh.ToString(), StringComparison.Ordinal);
        Assert.Equal(PayToScriptHashTemplate.Instance.GenerateScriptPubKey(p2wsh.ScriptPubKey), nested.ScriptPubKey);
        Assert.StartsWith("2", nested.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("6a0474657374")]
    [InlineData("210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac")]
    [InlineData("0015751e76e8199196d454941c45d1b3a323f1433bd6aa")]
    [InlineData("")]
    public void Scripts_without_an_address_give_null(string hex)
    {
        Assert.Null(Script.FromHex(hex).GetDestinationAddress(Network.Main));
    }

    [Fact]
    public void Unassigned_witness_versions_become_generic_witness_addresses()
    {
        var address = BitcoinAddress.Create("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", Network.Main);

        var witness = Assert.IsType<BitcoinWitnessAddress>(address);
        Assert.Equal(2, witness.Version);
        Assert.Equal("5210751e76e8199196d454941c45d1b3a323", address.ScriptPubKey.ToHex());
    }

    [Theory]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "testnet", "is a segwit address for main, not testnet")]
    [InlineData("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", "main", "is a segwit address for testnet or signet, not main")]
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "regtest", "is for main, not regtest")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "main", "checksum")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kV8f3t4", "main", "mixes upper and lower case")]
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMh", "main", "neither Base58Check")]
    [InlineData("KyZpNDKnfs94vbrwhJneDi77V6jF64PWPF8x5cdJb8ifgg2DUc9d", "main", "private key (WIF), not an address")]
    [InlineData("", "main", "No address text")]
    [InlineData(" 1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH", "main", "whitespace")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n", "main", "whitespace")]
    [InlineData("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7k7grplx", "main", "Bech32m")]
    public void Bad_addresses_fail_with_a_sentence_that_names_the_problem(string text, string networkName, string expected)
    {
        var network = Network.GetNetwork(networkName);

        var ex = Assert.Throws<FormatException>(() => BitcoinAddress.Create(text, network));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
        Assert.False(BitcoinAddress.TryCreate(text, network, out var address));
        Assert.Null(address);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(22)]
    [InlineData(0)]
    public void Base58check_payloads_of_the_wrong_size_are_not_addresses(int length)
    {
        var text = Encoders.Base58Check.Encode(new byte[length]);

        var ex = Assert.Throws<FormatException>(() => BitcoinAddress.Create(text, Network.Main));

        Assert.Contains($"payload is {length} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsy", "Invalid testnet segwit address: Invalid Bech32 checksum")]
    [InlineData("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7k", "Invalid regtest segwit address")]
    [InlineData("ltc1qw508d6qejxtdg4y5r3zarvary0c5xw7kgmn4n9", "human-readable part 'ltc'")]
    [InlineData("1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMh", "Not a valid main address")]
    public void Parse_reports_the_error_of_the_network_the_text_points_to(string text, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => BitcoinAddress.Parse(text));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(BitcoinAddress.TryParse(text, out _));
    }

    [Fact]
    public void Null_text_is_rejected_by_try_create_and_parse()
    {
        Assert.False(BitcoinAddress.TryCreate(null, Network.Main, out _));
        Assert.False(BitcoinAddress.TryParse(null, out _));
        Assert.Throws<FormatException>(() => BitcoinAddress.Parse("not an address"));
    }

    [Fact]
    public void Address_parsers_only_throw_format_errors_on_mutated_input()
    {
        var seeds = VectorFile.ReadJson("bitcoin-core/key_io_valid.json").EnumerateArray().Select(r => r[0].GetString()!).ToList();

        var addressReport = ParserFuzzer.FuzzText(text => BitcoinAddress.Create(text, Network.Main), seeds, 5_000);
        var parseReport = ParserFuzzer.FuzzText(text => BitcoinAddress.Parse(text), seeds, 5_000);
        var wifReport = ParserFuzzer.FuzzText(text => BitcoinSecret.Parse(text), seeds, 5_000);
        var bech32Report = ParserFuzzer.FuzzText(text => Bech32Encoder.DecodeString(text, out _, out _), seeds, 5_000);

        foreach (var (name, report) in new[] { ("BitcoinAddress.Create", addressReport), ("BitcoinAddress.Parse", parseReport), ("BitcoinSecret.Parse", wifReport), ("Bech32Encoder.DecodeString", bech32Report) })
        {
            output.WriteLine($"{name}: {report}");
            Assert.True(report.Failures.Count == 0, $"{name}: {string.Join(Environment.NewLine, report.Failures.Take(10))}");
            Assert.True(report.Accepted > 0 && report.Rejected > 0, report.ToString());
        }
    }
}
