using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Psbt;

namespace TradeNode.Bitcoin.Tests.Psbt;

public class PsbtGlobalXPubTests
{
    [Fact]
    public void The_bip174_global_xpub_vector_decodes_to_its_key_and_origin()
    {
        var vector = VectorFile.ReadJson("bips/bip174_psbt_vectors.json").GetProperty("valid").EnumerateArray()
            .Single(v => v.GetProperty("description").GetString()!.Contains("PSBT_GLOBAL_XPUB", StringComparison.Ordinal));

        var xpub = Assert.Single(PSBT.Parse(vector.GetProperty("base64").GetString()!, Network.Main).GlobalXPubs);

        Assert.Equal(Network.Main.ExtPubKeyVersion, xpub.VersionBytes);
        Assert.Equal("27569c50/49'/0'/0'", xpub.RootedKeyPath.ToString());
        Assert.Equal(3, xpub.ExtPubKey.Depth);
        Assert.Equal(KeyPath.HardenedBit, xpub.ExtPubKey.Child);
        Assert.Equal(HDFingerprint.Parse("9e530cac"), xpub.ExtPubKey.ParentFingerprint);
        Assert.StartsWith("xpub", xpub.ExtPubKey.ToString(Network.Main), StringComparison.Ordinal);
    }

    [Fact]
    public void An_added_xpub_survives_the_round_trip_and_combining()
    {
        var master = ExtKey.CreateFromSeed(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
        var path = KeyPath.Parse("m/48'/1'/0'/2'");
        var account = master.Derive(path).Neuter();
        var psbt = PsbtParsingTests.SamplePsbt();
        psbt.GlobalXPubs.Add(new PSBTGlobalXPub(account, new RootedKeyPath(master.Fingerprint, path), Network.RegTest));

        var copy = PSBT.Parse(psbt.ToBase64(), Network.RegTest);
        var combined = PsbtParsingTests.SamplePsbt().Combine(copy).Combine(copy);

        var xpub = Assert.Single(combined.GlobalXPubs);
        Assert.Equal(account, xpub.ExtPubKey);
        Assert.Equal(new RootedKeyPath(master.Fingerprint, path), xpub.RootedKeyPath);
        Assert.StartsWith("tpub", xpub.ExtPubKey.ToString(Network.RegTest), StringComparison.Ordinal);
        Assert.Equal(psbt.ToHex(), copy.ToHex());
    }
}
