using TradeNode.Bitcoin.Crypto;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests.Crypto;

public class Bip340Tests(ITestOutputHelper output)
{
    [Fact]
    public void Every_bip340_vector_verifies_as_expected_and_the_test_signer_reproduces_the_signatures()
    {
        // Columns: index, secret key, public key, aux_rand, message, signature, verification result, comment.
        var lines = VectorFile.ReadText("bips/bip340_test-vectors.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        var failures = new List<string>();
        var signed = 0;
        foreach (var line in lines)
        {
            var columns = line.TrimEnd('\r').Split(',');
            var publicKey = Convert.FromHexString(columns[2]);
            var message = Convert.FromHexString(columns[4]);
            var signature = Convert.FromHexString(columns[5]);
            var expected = columns[6] == "TRUE";

            if (Bip340.Verify(publicKey, message, signature) != expected)
            {
                failures.Add($"vector {columns[0]}: verification is not {columns[6]} ({columns[7]})");
            }

            if (columns[1].Length > 0)
            {
                var secret = Convert.FromHexString(columns[1]);
                var made = SchnorrTestSigner.Sign(secret, message, Convert.FromHexString(columns[3]));
                Assert.Equal(publicKey, SchnorrTestSigner.XOnlyPublicKey(secret));
                Assert.Equal(columns[5], Convert.ToHexString(made));
                signed++;
            }
        }

        output.WriteLine($"bip340_test-vectors.csv: {lines.Count} cases, {lines.Count - failures.Count} passed, {failures.Count} failed, 0 skipped ({signed} also re-signed)");
        failures.ForEach(output.WriteLine);
        Assert.Equal(19, lines.Count);
        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF")]
    public void Malformed_keys_and_signatures_do_not_verify(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        var key = SchnorrTestSigner.XOnlyPublicKey(Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.False(Bip340.Verify(bytes, new byte[32], new byte[64]));
        Assert.False(Bip340.Verify(key, new byte[32], bytes));
        Assert.False(Bip340.IsValidXOnlyKey(bytes));
    }
}
