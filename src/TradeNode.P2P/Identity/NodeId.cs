using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.P2P.Identity;

/// <summary>
/// The short, human-checkable name of a node: Bech32m with the human-readable part "tn" over the first 20 bytes of
/// SHA-256 of the node's Ed25519 key, for example <c>tn1...</c> (41 characters). A typo is caught by the checksum.
/// It names a key; it cannot be turned back into one.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    public const string HumanReadablePart = "tn";

    /// <summary>How many bytes of SHA-256(key) the id keeps.</summary>
    public const int Length = 20;

    private static readonly Bech32Encoder Encoder = Encoders.Bech32(HumanReadablePart);

    private readonly byte[]? _bytes;

    private NodeId(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[Length];

    public static NodeId FromKey(NodeKey key) => new(SHA256.HashData(key.Span)[..Length]);

    /// <summary>True when this id names <paramref name="key"/>.</summary>
    public bool Matches(NodeKey key) => Equals(FromKey(key));

    public static NodeId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id) => TryParse(text, out id, out _);

    public static bool TryParse([NotNullWhen(true)] string? text, out NodeId id, out string error)
    {
        id = default;
        if (!Bech32Encoder.TryDecodeString(text, out var hrp, out var data, out var type, out error))
        {
            error = $"Not a node id: {error}";
            return false;
        }

        if (hrp != HumanReadablePart)
        {
            error = $"Not a node id: node ids start with '{HumanReadablePart}1', this one has the prefix '{hrp}'.";
            return false;
        }

        if (type != Bech32EncodingType.Bech32m)
        {
            error = "Not a node id: node ids use the Bech32m checksum, this text has a Bech32 one.";
            return false;
        }

        var bytes = Bech32Encoder.ConvertBits(data, 5, 8, pad: false);
        if (bytes is null || bytes.Length != Length)
        {
            error = $"Not a node id: a node id holds {Length} bytes.";
            return false;
        }

        id = new NodeId(bytes);
        error = string.Empty;
        return true;
    }

    public bool Equals(NodeId other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span[..4]);

    public override string ToString() => Encoder.EncodeData(Bech32Encoder.ConvertBits(Span, 8, 5, pad: true)!, Bech32EncodingType.Bech32m);

    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);
}
