using System.Text.Json;
using TradeNode.Bitcoin.Addresses;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Addresses;

/// <summary>Bitcoin Core's key_io vectors: addresses and WIF keys on every chain in the file.</summary>
public class KeyIoTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_valid_address_decodes_to_its_script_and_encodes_back()
    {
        int passed = 0, caseFlipped = 0;
        foreach (var row in VectorFile.ReadJson("bitcoin-core/key_io_valid.json").EnumerateArray())
        {
            var meta = row[2];
            if (meta.GetProperty("isPrivkey").GetBoolean())
            {
                continue;
            }

            var text = row[0].GetString()!;
            var scriptHex = row[1].GetString()!;
            var network = NetworkOf(meta);

            var address = BitcoinAddress.Create(text, network);

            Assert.Equal(scriptHex, address.ScriptPubKey.ToHex());
            Assert.Equal(text, address.ToString());
            Assert.Same(network, address.Network);
            Assert.Equal(address, Script.FromHex(scriptHex).GetDestinationAddress(network));
            Assert.False(BitcoinSecret.TryCreate(text, network, out _), $"{text} was read as a private key");
            Assert.False(BitcoinAddress.TryCreate(text, OtherNetwork(network), out _), $"{text} was accepted on {OtherNetwork(network)}");

            var parsed = BitcoinAddress.Parse(text);
            Assert.Equal(scriptHex, parsed.ScriptPubKey.ToHex());
            Assert.Same(DetectedNetwork(text, network), parsed.Network);

            // Core: flipping the case keeps a Bech32 address valid (all upper case) and breaks a Base58 one.
            var tryCaseFlip = meta.TryGetProperty("tryCaseFlip", out var flip) && flip.GetBoolean();
            var flipped = new string(text.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
            Assert.Equal(tryCaseFlip, BitcoinAddress.TryCreate(flipped, network, out var flippedAddress));
            if (tryCaseFlip)
            {
                Assert.Equal(scriptHex, flippedAddress!.ScriptPubKey.ToHex());
                caseFlipped++;
            }

            passed++;
        }

        output.WriteLine($"key_io_valid.json addresses: {passed} passed ({caseFlipped} also as case-flipped Bech32), 0 skipped; 16 private-key rows are checked by the WIF test");
        Assert.Equal(54, passed);
        Assert.Equal(32, caseFlipped);
    }

    [Fact]
    public void Every_valid_private_key_decodes_to_its_secret_and_encodes_back()
    {
        var passed = 0;
        foreach (var row in VectorFile.ReadJson("bitcoin-core/key_io_valid.json").EnumerateArray())
        {
            var meta = row[2];
            if (!meta.GetProperty("isPrivkey").GetBoolean())
            {
                continue;
            }

            var text = row[0].GetString()!;
            var network = NetworkOf(meta);

            var secret = BitcoinSecret.Create(text, network);

            Assert.Equal(row[1].GetString(), Convert.ToHexStringLower(secret.PrivateKey.ToBytes()));
            Assert.Equal(meta.GetProperty("isCompressed").GetBoolean(), secret.IsCompressed);
            Assert.Equal(text, secret.ToString());
            Assert.Equal(text, Key.Parse(text, network).GetWif(network).ToString());
            Assert.False(BitcoinAddress.TryCreate(text, network, out _), $"{text} was read as an address");
            var wrong = Assert.Throws<FormatException>(() => BitcoinSecret.Create(text, OtherNetwork(network)));
            Assert.Contains("is for", wrong.Message, StringComparison.Ordinal);
            Assert.Equal(secret.PrivateKey, BitcoinSecret.Parse(text).PrivateKey);
            passed++;
        }

        output.WriteLine($"key_io_valid.json private keys: {passed} passed, 0 skipped");
        Assert.Equal(16, passed);
    }

    [Fact]
    public void Every_invalid_string_is_neither_an_address_nor_a_key_on_any_network()
    {
        var passed = 0;
        foreach (var row in VectorFile.ReadJson("bitcoin-core/key_io_invalid.json").EnumerateArray())
        {
            var text = row[0].GetString()!;
            foreach (var network in Network.All)
            {
                Assert.False(BitcoinAddress.TryCreate(text, network, out _), $"'{text}' accepted as an address on {network}");
                Assert.False(BitcoinSecret.TryCreate(text, network, out _), $"'{text}' accepted as a key on {network}");
                Assert.False(Key.TryParse(text, network, out _));
                Assert.Throws<FormatException>(() => BitcoinAddress.Create(text, network));
                Assert.Throws<FormatException>(() => BitcoinSecret.Create(text, network));
            }

            Assert.False(BitcoinAddress.TryParse(text, out _));
            Assert.False(BitcoinSecret.TryParse(text, out _));
            passed++;
        }

        output.WriteLine($"key_io_invalid.json: {passed} passed on all {Network.All.Count} networks, 0 skipped");
        Assert.Equal(70, passed);
    }

    private static Network NetworkOf(JsonElement meta) => meta.GetProperty("chain").GetString() switch
    {
        "main" => Network.Main,
        "testnet4" or "test" => Network.TestNet,
        "signet" => Network.SigNet,
        "regtest" => Network.RegTest,
        var other => throw new InvalidOperationException($"Unknown chain '{other}' in key_io_valid.json."),
    };

    /// <summary>A network whose prefixes and HRP both differ from <paramref name="network"/>'s.</summary>
    private static Network OtherNetwork(Network network) => network == Network.Main ? Network.TestNet : Network.Main;

    /// <summary>What <see cref="BitcoinAddress.Parse"/> promises: bcrt is regtest, other test-network strings are TestNet.</summary>
    private static Network DetectedNetwork(string text, Network network) =>
        network == Network.Main ? Network.Main
        : text.StartsWith("bcrt1", StringComparison.OrdinalIgnoreCase) ? Network.RegTest
        : Network.TestNet;
}
