using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math.EC;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin;

/// <summary>A secp256k1 public key in SEC encoding: 33 bytes compressed or 65 bytes uncompressed (or hybrid).</summary>
public sealed class PubKey : IEquatable<PubKey>
{
    private readonly byte[] _bytes;
    private ECPublicKeyParameters? _parameters;

    private PubKey(byte[] bytes, ECPoint point)
    {
        _bytes = bytes;
        Point = point;
    }

    public PubKey(ReadOnlySpan<byte> bytes)
    {
        if (!TryDecodePoint(bytes, out var point))
        {
            throw new FormatException("Not a valid secp256k1 public key (33 bytes starting 02/03, or 65 bytes starting 04).");
        }

        _bytes = bytes.ToArray();
        Point = point;
    }

    public static PubKey Parse(string hex) => new(DataEncoders.Encoders.Hex.Decode(hex));

    public static bool TryCreate(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out PubKey? pubKey)
    {
        pubKey = TryDecodePoint(bytes, out var point) ? new PubKey(bytes.ToArray(), point) : null;
        return pubKey is not null;
    }

    internal static PubKey FromPoint(ECPoint point, bool compressed)
    {
        var normalized = point.Normalize();
        return new PubKey(normalized.GetEncoded(compressed), normalized);
    }

    internal ECPoint Point { get; }

    public bool IsCompressed => _bytes.Length == 33;

    public ReadOnlySpan<byte> Span => _bytes;

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>HASH160 of the encoded key: what P2PKH and P2WPKH commit to.</summary>
    public byte[] Hash160 => Hashes.Hash160(_bytes);

    public PubKey Compress() => IsCompressed ? this : FromPoint(Point, true);

    public PubKey Decompress() => !IsCompressed && _bytes[0] == 0x04 ? this : FromPoint(Point, false);

    /// <summary>Verifies a signature over a 32-byte hash. High-S signatures are normalised first, as Bitcoin Core does.</summary>
    public bool Verify(UInt256 hash, ECDSASignature signature)
    {
        ArgumentNullException.ThrowIfNull(hash);
        ArgumentNullException.ThrowIfNull(signature);
        var canonical = signature.MakeCanonical();
        var signer = new ECDsaSigner();
        signer.Init(false, _parameters ??= new ECPublicKeyParameters(Point, Secp256k1.Domain));
        return signer.VerifySignature(hash.ToBytes(), canonical.R, canonical.S);
    }

    /// <summary>Bitcoin Core's IsCompressedOrUncompressedPubKey: the encoding check behind STRICTENC.</summary>
    public static bool IsCompressedOrUncompressed(ReadOnlySpan<byte> bytes) =>
        bytes.Length switch
        {
            33 => bytes[0] is 0x02 or 0x03,
            65 => bytes[0] == 0x04,
            _ => false,
        };

    /// <summary>Bitcoin Core's IsCompressedPubKey: the check behind WITNESS_PUBKEYTYPE.</summary>
    public static bool IsCompressedEncoding(ReadOnlySpan<byte> bytes) => bytes.Length == 33 && bytes[0] is 0x02 or 0x03;

    private static bool TryDecodePoint(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out ECPoint? point)
    {
        point = null;
        var validShape = bytes.Length switch
        {
            33 => bytes[0] is 0x02 or 0x03,
            65 => bytes[0] is 0x04 or 0x06 or 0x07,
            _ => false,
        };
        if (!validShape)
        {
            return false;
        }

        try
        {
            var decoded = Secp256k1.Parameters.Curve.DecodePoint(bytes.ToArray());
            if (decoded.IsInfinity || !decoded.IsValid())
            {
                return false;
            }

            point = decoded.Normalize();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public bool Equals(PubKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as PubKey);

    public override int GetHashCode() => HashCode.Combine(_bytes[^1], _bytes[^2], _bytes[^3], _bytes[^4]);

    public override string ToString() => ToHex();

    public static bool operator ==(PubKey? a, PubKey? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(PubKey? a, PubKey? b) => !(a == b);
}
