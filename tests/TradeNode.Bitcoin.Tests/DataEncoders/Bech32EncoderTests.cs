using System.Text.Json;
using TradeNode.Bitcoin.DataEncoders;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.DataEncoders;

public class Bech32EncoderTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("bips/bip173_vectors.json", "valid_bech32_strings", Bech32EncodingType.Bech32, 7)]
    [InlineData("bips/bip350_vectors.json", "valid_bech32m_strings", Bech32EncodingType.Bech32m, 7)]
    public void Every_valid_string_decodes_with_its_checksum_type_and_re_encodes(string file, string list, Bech32EncodingType expectedType, int expectedCount)
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson(file).GetProperty(list).EnumerateArray())
        {
            var text = entry.GetProperty("string").GetString()!;

            var data = Bech32Encoder.DecodeString(text, out var hrp, out var type);

            Assert.Equal(expectedType, type);
            Assert.Equal(text.ToLowerInvariant(), Encoders.Bech32(hrp).EncodeData(data, type));
            passed++;
        }

        output.WriteLine($"{file} {list}: {passed} passed, 0 skipped");
        Assert.Equal(expectedCount, passed);
    }

    [Theory]
    [InlineData("bips/bip173_vectors.json", "invalid_bech32_strings", 12)]
    [InlineData("bips/bip350_vectors.json", "invalid_bech32m_strings", 14)]
    public void Every_invalid_string_is_rejected_with_a_sentence(string file, string list, int expectedCount)
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson(file).GetProperty(list).EnumerateArray())
        {
            var text = entry.GetProperty("string").GetString()!;

            var accepted = Bech32Encoder.TryDecodeString(text, out _, out _, out _, out var error);
            var thrown = Assert.Throws<FormatException>(() => Bech32Encoder.DecodeString(text, out _, out _));

            Assert.False(accepted, $"'{text}' ({entry.GetProperty("reason").GetString()}) was accepted");
            Assert.EndsWith(".", error, StringComparison.Ordinal);
            Assert.Equal(error, thrown.Message);
            output.WriteLine($"  {entry.GetProperty("reason").GetString()}: {error}");
            passed++;
        }

        output.WriteLine($"{file} {list}: {passed} passed, 0 skipped");
        Assert.Equal(expectedCount, passed);
    }

    [Fact]
    public void Every_bip350_valid_segwit_address_decodes_to_its_script_pubkey_and_re_encodes()
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson("bips/bip350_vectors.json").GetProperty("valid_segwit_addresses").EnumerateArray())
        {
            var address = entry.GetProperty("address").GetString()!;
            var hrp = address[..address.LastIndexOf('1')].ToLowerInvariant();
            var encoder = Encoders.Bech32(hrp);

            var program = encoder.Decode(address, out var version);

            Assert.Equal(entry.GetProperty("witness_version").GetInt32(), version);
            Assert.Equal(entry.GetProperty("scriptPubKey").GetString(), ScriptPubKeyHex(version, program));
            Assert.Equal(address.ToLowerInvariant(), encoder.Encode(version, program));
            passed++;
        }

        output.WriteLine($"bip350_vectors.json valid_segwit_addresses: {passed} passed, 0 skipped");
        Assert.Equal(8, passed);
    }

    [Fact]
    public void Bip173_segwit_addresses_are_valid_for_version_0_and_rejected_for_later_versions_after_bip350()
    {
        int valid = 0, rejected = 0;
        foreach (var entry in VectorFile.ReadJson("bips/bip173_vectors.json").GetProperty("valid_segwit_addresses").EnumerateArray())
        {
            var address = entry.GetProperty("address").GetString()!;
            var encoder = Encoders.Bech32(address[..address.LastIndexOf('1')]);

            var accepted = encoder.TryDecode(address, out var version, out var program, out var error);

            if (entry.GetProperty("witness_version").GetInt32() == 0)
            {
                Assert.True(accepted, error);
                Assert.Equal(entry.GetProperty("scriptPubKey").GetString(), ScriptPubKeyHex(version, program!));
                valid++;
            }
            else
            {
                // BIP350: versions 1..16 need the Bech32m checksum; these BIP173 examples carry Bech32.
                Assert.False(accepted);
                Assert.Contains("Bech32m", error, StringComparison.Ordinal);
                rejected++;
            }
        }

        output.WriteLine($"bip173_vectors.json valid_segwit_addresses: {valid} valid (v0), {rejected} rejected as BIP350 requires (v1+), 0 skipped");
        Assert.Equal(3, valid);
        Assert.Equal(3, rejected);
    }

    [Theory]
    [InlineData("bips/bip173_vectors.json", 10)]
    [InlineData("bips/bip350_vectors.json", 15)]
    public void Every_invalid_segwit_address_is_rejected_for_both_mainnet_and_testnet(string file, int expectedCount)
    {
        var passed = 0;
        foreach (var entry in VectorFile.ReadJson(file).GetProperty("invalid_segwit_addresses").EnumerateArray())
        {
            var address = entry.GetProperty("address").GetString()!;
            foreach (var hrp in new[] { "bc", "tb" })
            {
                var accepted = Encoders.Bech32(hrp).TryDecode(address, out _, out _, out var error);

                Assert.False(accepted, $"'{address}' ({entry.GetProperty("reason").GetString()}) was accepted for {hrp}");
                Assert.False(string.IsNullOrEmpty(error));
                Assert.Throws<FormatException>(() => Encoders.Bech32(hrp).Decode(address, out _));
            }

            passed++;
        }

        output.WriteLine($"{file} invalid_segwit_addresses: {passed} passed, 0 skipped");
        Assert.Equal(expectedCount, passed);
    }

    [Fact]
    public void Encoding_rejects_programs_that_break_the_segwit_rules()
    {
        var encoder = Encoders.Bech32("bc");

        Assert.Throws<ArgumentException>(() => encoder.Encode(0, new byte[21]));
        Assert.Throws<ArgumentException>(() => encoder.Encode(1, new byte[1]));
        Assert.Throws<ArgumentException>(() => encoder.Encode(1, new byte[41]));
        Assert.Throws<ArgumentException>(() => encoder.Encode(17, new byte[32]));
        Assert.Throws<ArgumentException>(() => encoder.EncodeData([32], Bech32EncodingType.Bech32));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bc1")]
    [InlineData("bc1qqqqqq")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4\n")]
    [InlineData("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    public void Bad_segwit_text_fails_with_format_exception_and_false_from_try(string text)
    {
        var encoder = Encoders.Bech32("bc");

        var ex = Assert.Throws<FormatException>(() => encoder.Decode(text, out _));

        Assert.False(encoder.TryDecode(text, out _, out _));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Null_text_is_rejected_without_a_null_reference()
    {
        Assert.False(Encoders.Bech32("bc").TryDecode(null, out _, out _));
        Assert.False(Bech32Encoder.TryDecodeString(null, out _, out _, out _, out var error));
        Assert.NotEmpty(error);
    }

    private static string ScriptPubKeyHex(byte version, byte[] program) =>
        Convert.ToHexStringLower([(byte)(version == 0 ? 0 : 0x50 + version), (byte)program.Length, .. program]);
}
