using Org.BouncyCastle.Math.EC;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>BIP341's key tweak: the output key Q = lift_x(P) + int(hash_TapTweak(P || merkle root))·G.</summary>
public static class TaprootTweak
{
    /// <summary>The 32-byte x-only form of a key (BIP340): its X coordinate.</summary>
    public static byte[] GetXOnly(PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return pubKey.Compress().Span[1..].ToArray();
    }

    /// <summary>
    /// The x-only output key for a 32-byte x-only internal key and a merkle root that is empty (key-path only,
    /// as BIP86) or 32 bytes.
    /// </summary>
    public static byte[] ComputeOutputKey(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> merkleRoot) =>
        ComputeOutputKey(internalKey, merkleRoot, out _);

    /// <summary>As <see cref="ComputeOutputKey(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>, also telling whether Q has an odd Y (the control block's parity bit).</summary>
    public static byte[] ComputeOutputKey(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> merkleRoot, out bool outputKeyYIsOdd)
    {
        if (internalKey.Length != 32)
        {
            throw new ArgumentException($"A taproot internal key is 32 bytes (x-only), not {internalKey.Length}.", nameof(internalKey));
        }

        if (merkleRoot.Length is not (0 or 32))
        {
            throw new ArgumentException($"A taproot merkle root is 32 bytes (or empty for no scripts), not {merkleRoot.Length}.", nameof(merkleRoot));
        }

        if (!PubKey.TryCreate([0x02, .. internalKey], out var lifted))
        {
            throw new ArgumentException("The internal key is not the X coordinate of a secp256k1 point.", nameof(internalKey));
        }

        var t = new BigInteger(1, Hashes.TaggedHash("TapTweak", [.. internalKey, .. merkleRoot]));
        if (t.CompareTo(Secp256k1.N) >= 0)
        {
            throw new ArgumentException("The taproot tweak is not below the curve order; no output key exists for this input.", nameof(merkleRoot));
        }

        ECPoint q = lifted.Point.Add(Secp256k1.Parameters.G.Multiply(t)).Normalize();
        if (q.IsInfinity)
        {
            throw new ArgumentException("The tweaked taproot key is the point at infinity.", nameof(merkleRoot));
        }

        outputKeyYIsOdd = q.AffineYCoord.TestBitZero();
        return q.AffineXCoord.GetEncoded();
    }
}
