using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Tests.Bip32;

public class KeyPathsTests
{
    [Fact]
    public void Bip84_paths_use_the_network_coin_type()
    {
        Assert.Equal("m/84'/0'/0'", KeyPaths.Bip84Account(Network.Main, 0).ToStringWithRoot());
        Assert.Equal("m/84'/1'/3'", KeyPaths.Bip84Account(Network.RegTest, 3).ToStringWithRoot());
        Assert.Equal("m/84'/0'/0'/0/0", KeyPaths.Bip84(Network.Main, 0, change: false, 0).ToStringWithRoot());
        Assert.Equal("m/84'/1'/2'/1/7", KeyPaths.Bip84(Network.TestNet, 2, change: true, 7).ToStringWithRoot());
        Assert.Equal("m/84'/1'/0'/0/5", KeyPaths.Bip84(Network.SigNet, 0, change: false, 5).ToStringWithRoot());
    }

    [Fact]
    public void Bip48_paths_use_script_type_two_for_native_segwit_multisig()
    {
        Assert.Equal("m/48'/0'/0'/2'", KeyPaths.Bip48Account(Network.Main, 0).ToStringWithRoot());
        Assert.Equal("m/48'/1'/5'/2'", KeyPaths.Bip48Account(Network.RegTest, 5).ToStringWithRoot());
        Assert.Equal("m/48'/1'/0'/2'/1/9", KeyPaths.Bip48(Network.RegTest, 0, change: true, 9).ToStringWithRoot());
    }

    [Fact]
    public void The_largest_indexes_are_accepted_and_negative_ones_refused()
    {
        Assert.Equal("m/84'/0'/2147483647'/0/2147483647", KeyPaths.Bip84(Network.Main, int.MaxValue, false, int.MaxValue).ToStringWithRoot());
        Assert.Equal("account", Assert.Throws<ArgumentOutOfRangeException>(() => KeyPaths.Bip84Account(Network.Main, -1)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => KeyPaths.Bip84(Network.Main, 0, false, -1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPaths.Bip48Account(Network.Main, int.MinValue));
    }

    [Fact]
    public void Bip84_vector_paths_match_the_helpers()
    {
        var vector = VectorFile.ReadJson("bips/bip84_vectors.json");
        Assert.Equal(vector.GetProperty("account").GetProperty("path").GetString(), KeyPaths.Bip84Account(Network.Main, 0).ToStringWithRoot());
        var paths = vector.GetProperty("addresses").EnumerateArray().Select(a => a.GetProperty("path").GetString()).ToList();
        Assert.Equal(
            paths,
            [
                KeyPaths.Bip84(Network.Main, 0, false, 0).ToStringWithRoot(),
                KeyPaths.Bip84(Network.Main, 0, false, 1).ToStringWithRoot(),
                KeyPaths.Bip84(Network.Main, 0, true, 0).ToStringWithRoot(),
            ]);
    }
}
