using TradeNode.Bitcoin.Bip32;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Bip32;

public class ExtKeyTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_bip32_chain_derives_from_its_seed_and_round_trips()
    {
        var vectors = VectorFile.ReadJson("bips/bip32_vectors.json");
        var count = 0;
        foreach (var vector in vectors.GetProperty("valid").EnumerateArray())
        {
            var master = ExtKey.CreateFromSeed(Convert.FromHexString(vector.GetProperty("seed_hex").GetString()!));
            foreach (var chain in vector.GetProperty("chains").EnumerateArray())
            {
                var path = KeyPath.Parse(chain.GetProperty("path").GetString()!);
                var expectedPrv = chain.GetProperty("ext_prv").GetString()!;
                var expectedPub = chain.GetProperty("ext_pub").GetString()!;

                var derived = master.Derive(path);

                Assert.Equal(expectedPrv, derived.ToString(Network.Main));
                Assert.Equal(expectedPub, derived.Neuter().ToString(Network.Main));
                Assert.Equal(expectedPrv, ExtKey.Parse(expectedPrv, Network.Main).ToString(Network.Main));
                Assert.Equal(expectedPub, ExtPubKey.Parse(expectedPub, Network.Main).ToString(Network.Main));
                count++;
            }
        }

        output.WriteLine($"bip32_vectors.json: {count} valid chain entries");
        Assert.Equal(17, count);
    }

    [Fact]
    public void Public_derivation_matches_private_derivation_for_non_hardened_steps()
    {
        var master = ExtKey.CreateFromSeed(Convert.FromHexString("000102030405060708090a0b0c0d0e0f"));
        var account = master.Derive(KeyPath.Parse("m/84'/1'/0'"));

        var viaPublic = account.Neuter().Derive(KeyPath.Parse("1/7"));
        var viaPrivate = account.Derive(KeyPath.Parse("1/7")).Neuter();

        Assert.Equal(viaPrivate, viaPublic);
        Assert.Throws<InvalidOperationException>(() => account.Neuter().Derive(KeyPath.Parse("0'")));
    }

    [Fact]
    public void Every_bip32_invalid_key_is_rejected_with_a_sentence()
    {
        var vectors = VectorFile.ReadJson("bips/bip32_vectors.json");
        var count = 0;
        foreach (var invalid in vectors.GetProperty("invalid").EnumerateArray())
        {
            var text = invalid.GetProperty("ext_key").GetString()!;
            var reason = invalid.GetProperty("reason").GetString();

            Assert.False(ExtKey.TryParse(text, null, out _), reason);
            Assert.False(ExtPubKey.TryParse(text, null, out _), reason);
            var error = Record.Exception(() => ExtPubKey.Parse(text));
            Assert.IsType<FormatException>(error);
            Assert.EndsWith(".", error.Message);
            count++;
        }

        output.WriteLine($"bip32_vectors.json: {count} invalid keys rejected");
        Assert.Equal(16, count);
    }

    [Theory]
    [InlineData("m/84'/0'/0'/0/5", "84'/0'/0'/0/5")]
    [InlineData("84h/1H/0'", "84'/1'/0'")]
    [InlineData("m", "")]
    public void Key_paths_parse_every_hardened_marker(string text, string expected)
    {
        Assert.Equal(expected, KeyPath.Parse(text).ToString());
    }

    [Theory]
    [InlineData("m/2147483648")]
    [InlineData("m//1")]
    [InlineData("m/-1")]
    [InlineData("m/1x")]
    [InlineData("m/ 1")]
    public void Bad_key_paths_are_rejected(string text)
    {
        Assert.False(KeyPath.TryParse(text, out _));
        Assert.Throws<FormatException>(() => KeyPath.Parse(text));
    }
}
