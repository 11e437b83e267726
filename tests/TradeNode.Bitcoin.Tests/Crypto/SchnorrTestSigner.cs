using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Tests.Crypto;

/// <summary>
/// BIP340 signing, only for tests: the library verifies Schnorr signatures but does not make them yet.
/// Checked against the BIP340 vectors in <see cref="Bip340Tests"/>.
/// </summary>
internal static class SchnorrTestSigner
{
    private static readonly X9ECParameters Curve = CustomNamedCurves.GetByName("secp256k1");

    public static byte[] XOnlyPublicKey(byte[] secret) => Curve.G.Multiply(new BigInteger(1, secret)).Normalize().AffineXCoord.GetEncoded();

    /// <summary>The secret of the BIP341 output key Q = P + tweak·G for the internal secret.</summary>
    public static byte[] TweakSecret(byte[] secret, byte[] merkleRoot)
    {
        var d = EvenYSecret(secret);
        var tweak = new BigInteger(1, Hashes.TaggedHash("TapTweak", [.. XOnlyPublicKey(secret), .. merkleRoot]));
        return d.Add(tweak).Mod(Curve.N).ToByteArrayUnsigned().PadLeft();
    }

    public static byte[] Sign(byte[] secret, byte[] message, byte[] auxRand)
    {
        var n = Curve.N;
        var d = EvenYSecret(secret);
        var publicKey = XOnlyPublicKey(secret);
        var auxHash = Hashes.TaggedHash("BIP0340/aux", auxRand);
        var t = d.ToByteArrayUnsigned().PadLeft();
        for (var i = 0; i < 32; i++)
        {
            t[i] ^= auxHash[i];
        }

        var k = new BigInteger(1, Hashes.TaggedHash("BIP0340/nonce", [.. t, .. publicKey, .. message])).Mod(n);
        var r = Curve.G.Multiply(k).Normalize();
        if (r.AffineYCoord.TestBitZero())
        {
            k = n.Subtract(k);
        }

        var rx = r.AffineXCoord.GetEncoded();
        var e = new BigInteger(1, Hashes.TaggedHash("BIP0340/challenge", [.. rx, .. publicKey, .. message])).Mod(n);
        return [.. rx, .. k.Add(e.Multiply(d)).Mod(n).ToByteArrayUnsigned().PadLeft()];
    }

    private static BigInteger EvenYSecret(byte[] secret)
    {
        var d = new BigInteger(1, secret);
        return Curve.G.Multiply(d).Normalize().AffineYCoord.TestBitZero() ? Curve.N.Subtract(d) : d;
    }

    private static byte[] PadLeft(this byte[] value)
    {
        var result = new byte[32];
        value.CopyTo(result, 32 - value.Length);
        return result;
    }
}
