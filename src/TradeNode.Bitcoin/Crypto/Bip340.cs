using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>
/// BIP340 x-only public keys and Schnorr signature verification on secp256k1 (the BIP341 key tweak is
/// <see cref="TaprootTweak"/>). Curve arithmetic is BouncyCastle's.
/// </summary>
public static class Bip340
{
    private static readonly BigInteger P = Secp256k1.Parameters.Curve.Field.Characteristic;

    /// <summary>
    /// Verifies a 64-byte BIP340 signature of <paramref name="message"/> (any length) by the 32-byte x-only
    /// <paramref name="publicKey"/>. Wrong lengths, keys off the curve and out-of-range values all give false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64 || !TryLiftX(publicKey, out var point))
        {
            return false;
        }

        var r = new BigInteger(1, signature[..32].ToArray());
        var s = new BigInteger(1, signature[32..].ToArray());
        if (r.CompareTo(P) >= 0 || s.CompareTo(Secp256k1.N) >= 0)
        {
            return false;
        }

        var challenge = Hashes.TaggedHash("BIP0340/challenge", [.. signature[..32], .. publicKey, .. message]);
        var e = new BigInteger(1, challenge).Mod(Secp256k1.N);

        // R = s*G - e*P must have an even y and the x coordinate r.
        var rPoint = ECAlgorithms.SumOfTwoMultiplies(Secp256k1.Parameters.G, s, point, Secp256k1.N.Subtract(e)).Normalize();
        return !rPoint.IsInfinity
            && !rPoint.AffineYCoord.TestBitZero()
            && rPoint.AffineXCoord.ToBigInteger().Equals(r);
    }

    /// <summary>True when the 32 bytes are the x coordinate of a curve point (BIP340 lift_x succeeds).</summary>
    public static bool IsValidXOnlyKey(ReadOnlySpan<byte> publicKey) => TryLiftX(publicKey, out _);

    /// <summary>BIP340 lift_x: the point with x coordinate <paramref name="x"/> and an even y.</summary>
    internal static bool TryLiftX(ReadOnlySpan<byte> x, [NotNullWhen(true)] out ECPoint? point)
    {
        // The compressed encoding 0x02 || x is exactly lift_x: the even-y point, if x is on the curve.
        point = x.Length == 32 && PubKey.TryCreate([0x02, .. x], out var key) ? key.Point : null;
        return point is not null;
    }
}
