using TradeNode.Bitcoin.DataEncoders;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.DataEncoders;

public class Base58EncoderTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_core_base58_vector_encodes_and_decodes()
    {
        var passed = 0;
        foreach (var row in VectorFile.ReadJson("bitcoin-core/base58_encode_decode.json").EnumerateArray())
        {
            var bytes = Convert.FromHexString(row[0].GetString()!);
            var text = row[1].GetString()!;

            Assert.Equal(text, Encoders.Base58.Encode(bytes));
            Assert.Equal(bytes, Encoders.Base58.Decode(text));
            passed++;
        }

        output.WriteLine($"base58_encode_decode.json: {passed} passed, 0 skipped");
        Assert.Equal(21, passed);
    }

    [Theory]
    [InlineData("0OIl")]
    [InlineData("3yQ\u00e9")]
    public void Characters_outside_the_alphabet_are_rejected(string text)
    {
        var ex = Assert.Throws<FormatException>(() => Encoders.Base58.Decode(text));

        Assert.Contains("alphabet", ex.Message, StringComparison.Ordinal);
        Assert.False(Encoders.Base58.TryDecode(text, out _));
    }
}
