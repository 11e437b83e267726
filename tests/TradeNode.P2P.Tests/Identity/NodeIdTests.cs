using TradeNode.P2P.Identity;

namespace TradeNode.P2P.Tests.Identity;

public class NodeIdTests
{
    [Fact]
    public void Id_round_trips_through_text()
    {
        using var identity = NodeIdentity.Generate();

        var text = identity.Id.ToString();
        var parsed = NodeId.Parse(text);

        Assert.StartsWith("tn1", text, StringComparison.Ordinal);
        Assert.Equal(41, text.Length);
        Assert.Equal(identity.Id, parsed);
        Assert.True(parsed.Matches(identity.PublicKey));
        Assert.Equal(identity.Id, NodeId.Parse(text.ToUpperInvariant()));
    }

    [Fact]
    public void Every_single_character_typo_is_detected()
    {
        using var identity = NodeIdentity.Generate();
        var text = identity.Id.ToString();
        const string alphabet = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

        var detected = 0;
        for (var i = 3; i < text.Length; i++)
        {
            var replacement = alphabet[(alphabet.IndexOf(text[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            var typo = text[..i] + replacement + text[(i + 1)..];
            Assert.False(NodeId.TryParse(typo, out _));
            detected++;
        }

        Assert.Equal(text.Length - 3, detected);
    }

    [Fact]
    public void Swapped_adjacent_characters_are_detected()
    {
        using var identity = NodeIdentity.Generate();
        var text = identity.Id.ToString();

        for (var i = 3; i < text.Length - 1; i++)
        {
            if (text[i] == text[i + 1])
            {
                continue;
            }

            var swapped = text[..i] + text[i + 1] + text[i] + text[(i + 2)..];
            Assert.False(NodeId.TryParse(swapped, out _));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("tn1")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")]
    [InlineData("not a node id")]
    public void Garbage_is_rejected_with_a_sentence(string text)
    {
        var e = Assert.Throws<FormatException>(() => NodeId.Parse(text));

        Assert.StartsWith("Not a node id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bech32_checksum_instead_of_bech32m_is_rejected()
    {
        using var identity = NodeIdentity.Generate();
        var data = TradeNode.Bitcoin.DataEncoders.Bech32Encoder.ConvertBits(identity.Id.Span, 8, 5, pad: true)!;
        var bech32 = TradeNode.Bitcoin.DataEncoders.Encoders.Bech32("tn").EncodeData(data, TradeNode.Bitcoin.DataEncoders.Bech32EncodingType.Bech32);

        Assert.False(NodeId.TryParse(bech32, out _, out var error));
        Assert.Contains("Bech32m", error, StringComparison.Ordinal);
    }
}
