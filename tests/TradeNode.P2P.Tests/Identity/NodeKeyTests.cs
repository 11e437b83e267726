using TradeNode.P2P.Identity;

namespace TradeNode.P2P.Tests.Identity;

public class NodeKeyTests
{
    [Fact]
    public void Hex_round_trips_and_keys_compare_by_bytes()
    {
        using var identity = NodeIdentity.Generate();

        var parsed = NodeKey.Parse(identity.PublicKey.ToHex());

        Assert.Equal(identity.PublicKey, parsed);
        Assert.True(parsed == identity.PublicKey);
        Assert.Equal(identity.PublicKey.GetHashCode(), parsed.GetHashCode());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    public void Wrong_length_is_refused(int length)
    {
        Assert.False(NodeKey.TryCreate(new byte[length], out _));
        Assert.Throws<FormatException>(() => NodeKey.Create(new byte[length]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("00112233445566778899aabbccddeeff00112233445566778899aabbccddeexx")]
    public void Bad_hex_is_refused(string? hex)
    {
        Assert.False(NodeKey.TryParse(hex, out _));
    }

    [Fact]
    public void Verify_returns_false_for_malformed_signatures()
    {
        using var identity = NodeIdentity.Generate();
        var data = new byte[] { 1, 2, 3 };

        Assert.False(identity.PublicKey.Verify(data, []));
        Assert.False(identity.PublicKey.Verify(data, new byte[63]));
        Assert.False(identity.PublicKey.Verify(data, new byte[64]));
        Assert.False(identity.PublicKey.Verify(data, Enumerable.Repeat((byte)0xff, 64).ToArray()));
        Assert.False(default(NodeKey).Verify(data, identity.Sign(data)));
    }
}
