using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>A BIP32 extended public key: derives non-hardened child public keys without any private key.</summary>
public sealed class ExtPubKey : IEquatable<ExtPubKey>
{
    internal ExtPubKey(PubKey pubKey, byte[] chainCode, byte depth, HDFingerprint parentFingerprint, uint child)
    {
        PubKey = pubKey;
        ChainCode = chainCode;
        Depth = depth;
        ParentFingerprint = parentFingerprint;
        Child = child;
    }

    public PubKey PubKey { get; }

    public byte[] ChainCode { get; }

    public byte Depth { get; }

    public HDFingerprint ParentFingerprint { get; }

    public uint Child { get; }

    public HDFingerprint Fingerprint => HDFingerprint.FromPubKey(PubKey);

    /// <summary>BIP32 CKDpub; hardened indexes need the private key and are refused.</summary>
    public ExtPubKey Derive(uint index)
    {
        if (KeyPath.IsHardened(index))
        {
            throw new InvalidOperationException("A hardened child cannot be derived from an extended public key.");
        }

        if (Depth == byte.MaxValue)
        {
            throw new InvalidOperationException("BIP32 depth is limited to 255.");
        }

        Span<byte> data = stackalloc byte[37];
        PubKey.Span.CopyTo(data);
        BinaryPrimitives.WriteUInt32BigEndian(data[33..], index);
        var i = Hashes.HMACSHA512(ChainCode, data);
        var tweak = new Org.BouncyCastle.Math.BigInteger(1, i, 0, 32);
        if (tweak.CompareTo(Secp256k1.N) >= 0)
        {
            throw new InvalidOperationException($"Child {index} is invalid (BIP32: IL >= n); use the next index.");
        }

        var point = Secp256k1.Parameters.G.Multiply(tweak).Add(PubKey.Point).Normalize();
        if (point.IsInfinity)
        {
            throw new InvalidOperationException($"Child {index} is invalid (BIP32: point at infinity); use the next index.");
        }

        return new ExtPubKey(PubKey.FromPoint(point, compressed: true), i[32..], (byte)(Depth + 1), Fingerprint, index);
    }

    public ExtPubKey Derive(KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = this;
        foreach (var index in path.Indexes)
        {
            key = key.Derive(index);
        }

        return key;
    }

    public string ToString(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return ExtKeyEncoding.Encode(network.ExtPubKeyVersion, Depth, ParentFingerprint, Child, ChainCode, PubKey.Span);
    }

    public override string ToString() => ToString(Network.Main);

    public static ExtPubKey Parse(string text, Network? network = null)
    {
        if (!TryParse(text, network, out var key, out var error))
        {
            throw new FormatException(error);
        }

        return key;
    }

    public static bool TryParse(string? text, Network? network, [NotNullWhen(true)] out ExtPubKey? key) => TryParse(text, network, out key, out _);

    private static bool TryParse(string? text, Network? network, [NotNullWhen(true)] out ExtPubKey? key, out string error)
    {
        key = null;
        if (!ExtKeyEncoding.TryDecode(text, network, out var decoded, out error))
        {
            return false;
        }

        if (decoded.IsPrivate)
        {
            error = "This is an extended private key; an extended public key was expected.";
            Array.Clear(decoded.KeyData);
            return false;
        }

        key = new ExtPubKey(new PubKey(decoded.KeyData), decoded.ChainCode, decoded.Depth, decoded.ParentFingerprint, decoded.Child);
        return true;
    }

    /// <summary>Finds which network an xpub/tpub text belongs to (test networks share version bytes: the first is returned).</summary>
    public static Network? DetectNetwork(string text) =>
        ExtKeyEncoding.TryDecode(text, null, out var decoded, out _) ? decoded.Network : null;

    public bool Equals(ExtPubKey? other) =>
        other is not null && PubKey == other.PubKey && ChainCode.AsSpan().SequenceEqual(other.ChainCode)
        && Depth == other.Depth && ParentFingerprint == other.ParentFingerprint && Child == other.Child;

    public override bool Equals(object? obj) => Equals(obj as ExtPubKey);

    public override int GetHashCode() => PubKey.GetHashCode();
}
