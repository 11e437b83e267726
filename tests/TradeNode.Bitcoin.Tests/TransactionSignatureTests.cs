using TradeNode.Bitcoin.Tests.Fuzzing;

namespace TradeNode.Bitcoin.Tests;

public class TransactionSignatureTests
{
    private static readonly List<byte[]> Bip143Signatures = VectorFile.ReadJson("bips/bip143_vectors.json").GetProperty("examples").EnumerateArray()
        .SelectMany(e => e.GetProperty("sighashes").EnumerateArray())
        .Where(s => s.TryGetProperty("signature", out _))
        .Select(s => Convert.FromHexString(s.GetProperty("signature").GetString()!))
        .ToList();

    [Fact]
    public void Every_bip143_signature_parses_and_serializes_back_with_its_hash_type()
    {
        Assert.NotEmpty(Bip143Signatures);
        foreach (var bytes in Bip143Signatures)
        {
            var signature = TransactionSignature.Parse(bytes);

            Assert.Equal(bytes, signature.ToBytes());
            Assert.Equal(bytes[^1], (byte)signature.SigHash);
        }

        Assert.Contains(Bip143Signatures, s => s[^1] == 0x83); // SINGLE|ANYONECANPAY is among them
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x04)]
    [InlineData(0x80)]
    [InlineData(0x21)]
    public void Undefined_hash_types_are_rejected(byte hashType)
    {
        byte[] bytes = [.. Bip143Signatures[0][..^1], hashType];

        Assert.Throws<FormatException>(() => TransactionSignature.Parse(bytes));
        Assert.False(TransactionSignature.TryParse(bytes, out _));
        Assert.Throws<ArgumentException>(() => new TransactionSignature(TransactionSignature.Parse(Bip143Signatures[0]).Signature, (SigHash)hashType));
    }

    [Fact]
    public void Non_der_signatures_are_rejected()
    {
        var good = Bip143Signatures[0];
        byte[] badLength = [good[0], (byte)(good[1] + 1), .. good[2..]];
        byte[] padded = [0x30, (byte)(good[1] + 1), 0x02, (byte)(good[3] + 1), 0x00, .. good[4..]];

        Assert.Throws<FormatException>(() => TransactionSignature.Parse(badLength));
        Assert.Throws<FormatException>(() => TransactionSignature.Parse(padded));
        Assert.Throws<FormatException>(() => TransactionSignature.Parse([]));
        Assert.Throws<FormatException>(() => TransactionSignature.Parse("zz"));
    }

    [Fact]
    public void A_signature_made_by_a_key_round_trips_and_verifies()
    {
        var key = new Key(Enumerable.Repeat((byte)7, 32).ToArray());
        var hash = new UInt256(Enumerable.Repeat((byte)1, 32).ToArray());
        var signature = new TransactionSignature(key.Sign(hash), SigHash.None | SigHash.AnyoneCanPay);

        var parsed = TransactionSignature.Parse(signature.ToHex());

        Assert.Equal(signature, parsed);
        Assert.Equal(0x82, parsed.ToBytes()[^1]);
        Assert.True(key.PubKey.Verify(hash, parsed.Signature));
    }

    [Fact]
    public void Random_and_mutated_bytes_only_throw_format_errors()
    {
        var report = ParserFuzzer.FuzzBytes(bytes => TransactionSignature.Parse(bytes), Bip143Signatures, 5_000);

        Assert.True(report.Failures.Count == 0, string.Join(Environment.NewLine, report.Failures.Take(10)));
        Assert.True(report.Accepted > 0 && report.Rejected > 0, report.ToString());
    }
}
