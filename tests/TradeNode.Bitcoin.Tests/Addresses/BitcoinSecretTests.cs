using TradeNode.Bitcoin.Addresses;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Tests.Addresses;

public class BitcoinSecretTests
{
    private static readonly Key One = new(Convert.FromHexString("0000000000000000000000000000000000000000000000000000000000000001"));

    [Fact]
    public void A_key_round_trips_through_wif_on_each_network()
    {
        foreach (var network in Network.All)
        {
            foreach (var key in new[] { One, new Key(One.ToBytes(), compressed: false), new Key() })
            {
                var wif = key.GetWif(network).ToString();

                var parsed = Key.Parse(wif, network);

                Assert.Equal(key, parsed);
                Assert.Equal(key.IsCompressed, parsed.IsCompressed);
                Assert.True(Key.TryParse(wif, network, out var again));
                Assert.Equal(key, again);
            }
        }
    }

    [Fact]
    public void Wif_of_secret_one_starts_with_the_documented_prefixes()
    {
        // Mainnet WIF: uncompressed keys start with 5, compressed with K or L; test networks with 9 and c.
        Assert.StartsWith("5", new Key(One.ToBytes(), compressed: false).GetWif(Network.Main).ToString(), StringComparison.Ordinal);
        Assert.Matches("^[KL]", One.GetWif(Network.Main).ToString());
        Assert.StartsWith("9", new Key(One.ToBytes(), compressed: false).GetWif(Network.TestNet).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("c", One.GetWif(Network.RegTest).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_wif_text_fails_with_a_sentence()
    {
        var good = One.GetWif(Network.Main).ToString();
        var flagNot01 = Encoders.Base58Check.Encode([128, .. One.ToBytes(), 0x02]);
        var zero = Encoders.Base58Check.Encode([128, .. new byte[32], 0x01]);
        var aboveOrder = Encoders.Base58Check.Encode([128, .. Convert.FromHexString("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"), 0x01]);
        var wrongVersion = Encoders.Base58Check.Encode([42, .. One.ToBytes(), 0x01]);
        var address = One.PubKey.GetAddress(ScriptPubKeyType.Legacy, Network.Main).ToString();

        var cases = new (string Text, string Expected)[]
        {
            (good[..^1] + (good[^1] == 'a' ? 'b' : 'a'), "not Base58Check"),
            (flagNot01, "compression flag byte is 0x02"),
            (zero, "zero or not below"),
            (aboveOrder, "zero or not below"),
            (wrongVersion, "version byte 42"),
            (address, "payload is 21 bytes"),
            (" " + good, "whitespace"),
            (One.GetWif(Network.TestNet).ToString(), "is for testnet, signet, regtest, not main"),
            (string.Empty, "No WIF"),
        };

        foreach (var (text, expected) in cases)
        {
            var ex = Assert.Throws<FormatException>(() => BitcoinSecret.Create(text, Network.Main));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
            Assert.False(BitcoinSecret.TryCreate(text, Network.Main, out _));
            Assert.False(Key.TryParse(text, Network.Main, out var key));
            Assert.Null(key);
        }

        Assert.False(Key.TryParse(null, Network.Main, out _));
    }

    [Fact]
    public void Parse_finds_mainnet_or_the_shared_test_prefix()
    {
        Assert.Same(Network.Main, BitcoinSecret.Parse(One.GetWif(Network.Main).ToString()).Network);
        Assert.Same(Network.TestNet, BitcoinSecret.Parse(One.GetWif(Network.RegTest).ToString()).Network);
    }

    [Fact]
    public void Key_to_string_still_hides_the_secret_while_wif_shows_it()
    {
        var wif = One.GetWif(Network.Main).ToString();

        Assert.DoesNotContain(wif, One.ToString(), StringComparison.Ordinal);
        Assert.Equal(wif, One.GetBitcoinSecret(Network.Main).ToString());
    }
}
