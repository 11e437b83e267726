using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.DataEncoders;

namespace TradeNode.Bitcoin.Bip32;

/// <summary>BIP32's 78-byte serialization of extended keys, with version bytes per network (and SLIP-132 aliases on input).</summary>
internal static class ExtKeyEncoding
{
    public const int Length = 78;

    // SLIP-132 single-signature aliases (ypub/zpub and their test-network forms): accepted on input, as many wallets export them.
    private static readonly (uint Version, bool IsPrivate, Network Network)[] Slip132 =
    [
        (0x049D7878, true, Network.Main), (0x049D7CB2, false, Network.Main),
        (0x04B2430C, true, Network.Main), (0x04B24746, false, Network.Main),
        (0x044A4E28, true, Network.TestNet), (0x044A5262, false, Network.TestNet),
        (0x045F18BC, true, Network.TestNet), (0x045F1CF1, false, Network.TestNet),
    ];

    public sealed record Decoded(bool IsPrivate, Network Network, byte Depth, HDFingerprint ParentFingerprint, uint Child, byte[] ChainCode, byte[] KeyData);

    public static string Encode(uint version, byte depth, HDFingerprint parent, uint child, ReadOnlySpan<byte> chainCode, ReadOnlySpan<byte> keyData)
    {
        Span<byte> payload = stackalloc byte[Length];
        BinaryPrimitives.WriteUInt32BigEndian(payload, version);
        payload[4] = depth;
        BinaryPrimitives.WriteUInt32BigEndian(payload[5..], parent.Value);
        BinaryPrimitives.WriteUInt32BigEndian(payload[9..], child);
        chainCode.CopyTo(payload[13..]);
        keyData.CopyTo(payload[45..]);
        var text = Encoders.Base58Check.Encode(payload);
        payload.Clear();
        return text;
    }

    public static bool TryDecode(string? text, Network? expected, [NotNullWhen(true)] out Decoded? decoded, out string error)
    {
        decoded = null;
        if (!Encoders.Base58Check.TryDecode(text, out var payload))
        {
            error = "Not an extended key: invalid Base58Check text or checksum.";
            return false;
        }

        try
        {
            if (payload.Length != Length)
            {
                error = $"Not an extended key: it decodes to {payload.Length} bytes, not {Length}.";
                return false;
            }

            var version = BinaryPrimitives.ReadUInt32BigEndian(payload);
            if (!TryResolveVersion(version, expected, out var isPrivate, out var network))
            {
                error = expected is null
                    ? $"Unknown extended key version 0x{version:x8}."
                    : $"The extended key's version 0x{version:x8} does not belong to {expected.Name}.";
                return false;
            }

            var depth = payload[4];
            var parent = new HDFingerprint(payload.AsSpan(5, 4));
            var child = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(9));
            if (depth == 0 && (parent.Value != 0 || child != 0))
            {
                error = "Invalid extended key: a master key (depth 0) has no parent fingerprint and no child index.";
                return false;
            }

            var keyData = payload.AsSpan(45, 33).ToArray();
            if (isPrivate)
            {
                if (keyData[0] != 0x00)
                {
                    error = "Invalid extended private key: the key data must start with 0x00.";
                    return false;
                }

                if (!Key.IsValidSecret(keyData.AsSpan(1)))
                {
                    error = "Invalid extended private key: the key is not between 1 and n-1.";
                    return false;
                }
            }
            else if (!PubKey.IsCompressedEncoding(keyData) || !PubKey.TryCreate(keyData, out _))
            {
                error = "Invalid extended public key: the key data is not a compressed point on secp256k1.";
                return false;
            }

            decoded = new Decoded(isPrivate, network, depth, parent, child, payload.AsSpan(13, 32).ToArray(), keyData);
            error = string.Empty;
            return true;
        }
        finally
        {
            Array.Clear(payload);
        }
    }

    private static bool TryResolveVersion(uint version, Network? expected, out bool isPrivate, [NotNullWhen(true)] out Network? network)
    {
        var candidates = expected is null ? Network.All : [expected];
        foreach (var candidate in candidates)
        {
            if (version == candidate.ExtSecretKeyVersion || version == candidate.ExtPubKeyVersion)
            {
                isPrivate = version == candidate.ExtSecretKeyVersion;
                network = candidate;
                return true;
            }
        }

        foreach (var alias in Slip132)
        {
            if (alias.Version == version && (expected is null || expected.ExtPubKeyVersion == alias.Network.ExtPubKeyVersion))
            {
                isPrivate = alias.IsPrivate;
                network = expected ?? alias.Network;
                return true;
            }
        }

        isPrivate = false;
        network = null;
        return false;
    }
}
