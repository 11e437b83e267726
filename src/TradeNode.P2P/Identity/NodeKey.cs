using System.Diagnostics.CodeAnalysis;
using NSec.Cryptography;

namespace TradeNode.P2P.Identity;

/// <summary>
/// A node's Ed25519 public key (32 bytes): the identity peers and items are signed with. A value type compared by
/// bytes; <see cref="Verify"/> returns false for anything malformed instead of throwing.
/// </summary>
public readonly struct NodeKey : IEquatable<NodeKey>
{
    /// <summary>The length of an Ed25519 public key.</summary>
    public const int Length = 32;

    /// <summary>The length of an Ed25519 signature.</summary>
    public const int SignatureLength = 64;

    private readonly byte[]? _bytes;
    private readonly PublicKey? _publicKey;

    private NodeKey(byte[] bytes, PublicKey publicKey)
    {
        _bytes = bytes;
        _publicKey = publicKey;
    }

    /// <summary>The 32 key bytes (zeros for the default value).</summary>
    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    /// <summary>The short checksummed text form of this key (see <see cref="NodeId"/>).</summary>
    public NodeId Id => NodeId.FromKey(this);

    /// <summary>Creates a key from 32 bytes; throws <see cref="FormatException"/> when they are not an Ed25519 public key.</summary>
    public static NodeKey Create(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var key) ? key : throw new FormatException($"A node key is a {Length}-byte Ed25519 public key; these {bytes.Length} bytes are not one.");

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out NodeKey key)
    {
        key = default;
        if (bytes.Length != Length)
        {
            return false;
        }

        try
        {
            if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, bytes, KeyBlobFormat.RawPublicKey, out var publicKey) || publicKey is null)
            {
                return false;
            }

            key = new NodeKey(bytes.ToArray(), publicKey);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Parses 64 hexadecimal characters.</summary>
    public static NodeKey Parse(string hex) =>
        TryParse(hex, out var key) ? key : throw new FormatException($"A node key is {2 * Length} hexadecimal characters encoding an Ed25519 public key.");

    public static bool TryParse([NotNullWhen(true)] string? hex, out NodeKey key)
    {
        key = default;
        if (hex is null || hex.Length != 2 * Length)
        {
            return false;
        }

        try
        {
            return TryCreate(Convert.FromHexString(hex), out key);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="data"/>; false for anything else.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (_publicKey is null || signature.Length != SignatureLength)
        {
            return false;
        }

        try
        {
            return SignatureAlgorithm.Ed25519.Verify(_publicKey, data, signature);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public byte[] ToArray() => Span.ToArray();

    public string ToHex() => Convert.ToHexStringLower(Span);

    public bool Equals(NodeKey other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is NodeKey other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span[..4]);

    public override string ToString() => ToHex();

    public static bool operator ==(NodeKey left, NodeKey right) => left.Equals(right);

    public static bool operator !=(NodeKey left, NodeKey right) => !left.Equals(right);
}
