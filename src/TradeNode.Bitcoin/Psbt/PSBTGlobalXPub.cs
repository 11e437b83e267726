using System.Buffers.Binary;
using TradeNode.Bitcoin.Bip32;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>
/// PSBT_GLOBAL_XPUB: an extended public key used by the transaction and where it comes from (master fingerprint
/// and path). The version bytes are kept as given so the field round-trips exactly.
/// </summary>
public sealed class PSBTGlobalXPub
{
    private const int SerializedLength = 78;

    public PSBTGlobalXPub(ExtPubKey extPubKey, RootedKeyPath rootedKeyPath, uint versionBytes)
    {
        ArgumentNullException.ThrowIfNull(extPubKey);
        ArgumentNullException.ThrowIfNull(rootedKeyPath);
        ExtPubKey = extPubKey;
        RootedKeyPath = rootedKeyPath;
        VersionBytes = versionBytes;
    }

    public PSBTGlobalXPub(ExtPubKey extPubKey, RootedKeyPath rootedKeyPath, Network network)
        : this(extPubKey, rootedKeyPath, (network ?? throw new ArgumentNullException(nameof(network))).ExtPubKeyVersion)
    {
    }

    public ExtPubKey ExtPubKey { get; }

    public RootedKeyPath RootedKeyPath { get; }

    /// <summary>The BIP32 version bytes written in front of the key (xpub or tpub).</summary>
    public uint VersionBytes { get; }

    /// <summary>BIP32's 78-byte serialization, with the version bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[SerializedLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, VersionBytes);
        bytes[4] = ExtPubKey.Depth;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(5), ExtPubKey.ParentFingerprint.Value);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(9), ExtPubKey.Child);
        ExtPubKey.ChainCode.CopyTo(bytes, 13);
        ExtPubKey.PubKey.Span.CopyTo(bytes.AsSpan(45));
        return bytes;
    }

    internal static ExtPubKey ReadExtPubKey(ReadOnlySpan<byte> bytes, out uint versionBytes)
    {
        if (bytes.Length != SerializedLength)
        {
            throw new FormatException($"Size of key was not the expected size for the type global xpub: the key needs {SerializedLength} bytes of extended public key.");
        }

        var keyData = bytes[45..];
        if (!PubKey.IsCompressedEncoding(keyData) || !PubKey.TryCreate(keyData, out var pubKey))
        {
            throw new FormatException("Invalid pubkey in a global xpub: the key data is not a compressed point on secp256k1.");
        }

        versionBytes = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return new ExtPubKey(
            pubKey,
            bytes.Slice(13, 32).ToArray(),
            bytes[4],
            new HDFingerprint(bytes.Slice(5, 4)),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[9..]));
    }

    public override string ToString() => $"[{RootedKeyPath}]{Convert.ToHexStringLower(ToBytes())}";
}
