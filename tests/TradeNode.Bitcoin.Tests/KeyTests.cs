using TradeNode.Bitcoin.Crypto;
using Xunit.Abstractions;

namespace TradeNode.Bitcoin.Tests;

public class KeyTests(ITestOutputHelper output)
{
    [Fact]
    public void Rfc6979_signatures_reproduce_the_bip143_example_signatures_byte_for_byte()
    {
        // BIP143's examples were signed by Bitcoin Core with RFC 6979 nonces (before it ground for low R).
        var vectors = VectorFile.ReadJson("bips/bip143_vectors.json");
        var compared = 0;
        foreach (var example in vectors.GetProperty("examples").EnumerateArray())
        {
            foreach (var sighash in example.GetProperty("sighashes").EnumerateArray())
            {
                if (!sighash.TryGetProperty("private_key", out var privateKey))
                {
                    continue;
                }

                var expected = Convert.FromHexString(sighash.GetProperty("signature").GetString()!);
                var hash = new UInt256(Convert.FromHexString(sighash.GetProperty("sighash").GetString()!));
                var key = new Key(Convert.FromHexString(privateKey.GetString()!));

                var der = key.Sign(hash, useLowR: false).ToDER();

                Assert.Equal(Convert.ToHexStringLower(expected[..^1]), Convert.ToHexStringLower(der));
                compared++;
            }
        }

        output.WriteLine($"bip143_vectors.json: {compared} signatures reproduced");
        Assert.True(compared >= 8, $"only {compared} signatures had a private key");
    }

    [Fact]
    public void Signatures_verify_are_low_s_deterministic_and_bound_to_the_message()
    {
        var key = new Key();
        var hash = Hashes.DoubleSHA256Hash("pay alice 1000 sats"u8);
        var other = Hashes.DoubleSHA256Hash("pay mallory 1000 sats"u8);

        var signature = key.Sign(hash);

        Assert.True(key.PubKey.Verify(hash, signature));
        Assert.True(signature.IsLowS);
        Assert.Equal(signature.ToDER(), key.Sign(hash).ToDER());
        Assert.False(key.PubKey.Verify(other, signature));
        Assert.False(new Key().PubKey.Verify(hash, signature));
    }

    [Fact]
    public void Low_r_signing_always_fits_in_70_bytes_and_high_s_still_verifies_as_core_does()
    {
        var key = new Key();
        for (var i = 0; i < 40; i++)
        {
            var hash = Hashes.DoubleSHA256Hash(BitConverter.GetBytes(i));
            var signature = key.Sign(hash);
            Assert.True(signature.IsLowR);
            Assert.True(signature.ToDER().Length <= 70);

            // Core normalises S before verifying, so the high-S twin verifies too (LOW_S is a policy check).
            var highS = new ECDSASignature(signature.R, Secp256k1.N.Subtract(signature.S));
            Assert.False(highS.IsLowS);
            Assert.True(key.PubKey.Verify(hash, highS));
        }
    }

    [Fact]
    public void Der_round_trips_and_strict_parsing_refuses_padding_that_lax_parsing_accepts()
    {
        var key = new Key();
        var signature = key.Sign(Hashes.DoubleSHA256Hash("x"u8));
        var der = signature.ToDER();

        var parsed = ECDSASignature.FromDER(der);
        Assert.Equal(signature.R, parsed.R);
        Assert.Equal(signature.S, parsed.S);

        // Pad R with an unnecessary zero byte: BIP66 forbids it, the pre-BIP66 lax parser tolerates it.
        var rLength = der[3];
        var padded = new List<byte> { 0x30, (byte)(der[1] + 1), 0x02, (byte)(rLength + 1), 0x00 };
        padded.AddRange(der[4..]);
        Assert.False(ECDSASignature.TryParseStrict([.. padded], out _));
        Assert.True(ECDSASignature.TryParseLax([.. padded], out var lax));
        Assert.Equal(signature.R, lax.R);
        Assert.Throws<FormatException>(() => ECDSASignature.FromDER([.. padded]));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")]
    [InlineData("00")]
    public void Secrets_outside_one_to_n_minus_one_are_refused(string hex)
    {
        Assert.False(Key.IsValidSecret(Convert.FromHexString(hex)));
        Assert.Throws<FormatException>(() => new Key(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Key_to_string_never_shows_the_secret()
    {
        var key = new Key();

        Assert.DoesNotContain(Convert.ToHexStringLower(key.ToBytes()), key.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Compressed_and_uncompressed_encodings_are_the_same_point()
    {
        var key = new Key();
        var compressed = key.PubKey;
        var uncompressed = compressed.Decompress();

        Assert.Equal(33, compressed.Span.Length);
        Assert.Equal(65, uncompressed.Span.Length);
        Assert.Equal(compressed, uncompressed.Compress());
        Assert.NotEqual(compressed.Hash160, uncompressed.Hash160);
    }

    [Fact]
    public void Tagged_hash_is_sha256_of_the_doubled_tag_hash_and_data()
    {
        var tagHash = Hashes.SHA256("BIP0340/challenge"u8);
        byte[] data = [1, 2, 3];

        Assert.Equal(Hashes.SHA256([.. tagHash, .. tagHash, .. data]), Hashes.TaggedHash("BIP0340/challenge", data));
    }
}
