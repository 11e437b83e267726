using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>The first four bytes of HASH160 of a public key: BIP32's key fingerprint.</summary>
public readonly struct HDFingerprint : IEquatable<HDFingerprint>
{
    private readonly uint _value;

    public HDFingerprint(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 4)
        {
            throw new ArgumentException("A fingerprint is four bytes.", nameof(bytes));
        }

        _value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public HDFingerprint(uint value)
    {
        _value = value;
    }

    public static HDFingerprint FromPubKey(PubKey pubKey)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        return new HDFingerprint(pubKey.Compress().Hash160.AsSpan(0, 4));
    }

    /// <summary>The fingerprint as a big-endian number (the order the bytes are printed in).</summary>
    public uint Value => _value;

    public byte[] ToBytes()
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _value);
        return bytes;
    }

    public static HDFingerprint Parse(string hex)
    {
        if (!TryParse(hex, out var fingerprint))
        {
            throw new FormatException($"'{hex}' is not a key fingerprint: it is 8 hexadecimal characters.");
        }

        return fingerprint;
    }

    public static bool TryParse([NotNullWhen(true)] string? hex, out HDFingerprint fingerprint)
    {
        fingerprint = default;
        if (hex is null || hex.Length != 8 || !DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            return false;
        }

        fingerprint = new HDFingerprint(bytes);
        return true;
    }

    public override string ToString() => Convert.ToHexStringLower(ToBytes());

    public bool Equals(HDFingerprint other) => _value == other._value;

    public override bool Equals(object? obj) => obj is HDFingerprint other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    public static bool operator ==(HDFingerprint a, HDFingerprint b) => a.Equals(b);

    public static bool operator !=(HDFingerprint a, HDFingerprint b) => !a.Equals(b);
}
