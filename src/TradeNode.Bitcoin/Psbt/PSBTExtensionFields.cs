using TradeNode.Bitcoin.Serialization;
using static TradeNode.Bitcoin.Psbt.PSBTSerialization;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>
/// Fields that version 0 PSBTs may carry beyond BIP174's own: hash preimages, taproot (BIP371) and MuSig2 (BIP373).
/// This library does not use them, but it checks them as Bitcoin Core does and keeps them byte for byte, so a PSBT
/// passes through unchanged. PSBTv2-only fields (BIP370) are refused in a version 0 PSBT.
/// </summary>
internal static class PSBTExtensionFields
{
    /// <summary>BIP341: a control block holds at most 128 merkle path nodes.</summary>
    private const int TaprootMaxDepth = 128;

    /// <summary>Checks an input field; false when the type is not one of these (so it is BIP174's own or unknown).</summary>
    public static bool ValidateInput(Entry entry)
    {
        switch (entry.Type)
        {
            case 0x0a:
                RequireKeyDataSize(entry, 20, "ripemd160 preimage");
                return true;
            case 0x0b:
                RequireKeyDataSize(entry, 32, "sha256 preimage");
                return true;
            case 0x0c:
                RequireKeyDataSize(entry, 20, "hash160 preimage");
                return true;
            case 0x0d:
                RequireKeyDataSize(entry, 32, "hash256 preimage");
                return true;
            case >= 0x0e and <= 0x12:
                throw new FormatException($"Input field type 0x{entry.Type:x2} belongs to PSBTv2 (BIP370) and is not allowed in PSBTv0.");
            case 0x13:
                RequireNoKeyData(entry, "Input Taproot key signature");
                if (entry.Value.Length is not 64 and not 65)
                {
                    throw new FormatException($"Input Taproot key path signature must be 64 or 65 bytes, not {entry.Value.Length}.");
                }

                return true;
            case 0x14:
                RequireKeyDataSize(entry, 64, "Input Taproot script signature");
                if (entry.Value.Length is not 64 and not 65)
                {
                    throw new FormatException($"Input Taproot script path signature must be 64 or 65 bytes, not {entry.Value.Length}.");
                }

                return true;
            case 0x15:
                if (entry.KeyData.Length < 33 || (entry.KeyData.Length - 33) % 32 != 0)
                {
                    throw new FormatException("Input Taproot leaf script key is not a valid control block: it must be 33 bytes plus a multiple of 32.");
                }

                if (entry.Value.Length == 0)
                {
                    throw new FormatException("Input Taproot leaf script must end with its leaf version byte; the value is empty.");
                }

                return true;
            case 0x16:
                RequireKeyDataSize(entry, 32, "Input Taproot BIP32 keypath");
                ValidateTaprootKeyOrigin(entry.Value, "Input");
                return true;
            case 0x17:
                RequireNoKeyData(entry, "Input Taproot internal key");
                RequireValueSize(entry, 32, "Input Taproot internal key");
                return true;
            case 0x18:
                RequireNoKeyData(entry, "Input Taproot merkle root");
                RequireValueSize(entry, 32, "Input Taproot merkle root");
                return true;
            case 0x1a:
                ValidateMuSig2Participants(entry, "Input");
                return true;
            case 0x1b:
                ValidateMuSig2Identifier(entry, "Input musig2 pubnonce");
                if (entry.Value.Length != 66)
                {
                    throw new FormatException($"Input musig2 pubnonce value is not 66 bytes (it is {entry.Value.Length}).");
                }

                return true;
            case 0x1c:
                ValidateMuSig2Identifier(entry, "Input musig2 partial sig");
                RequireValueSize(entry, 32, "Input musig2 partial signature");
                return true;
            default:
                return false;
        }
    }

    /// <summary>Checks an output field; false when the type is not one of these.</summary>
    public static bool ValidateOutput(Entry entry)
    {
        switch (entry.Type)
        {
            case 0x03 or 0x04:
                throw new FormatException($"Output field type 0x{entry.Type:x2} belongs to PSBTv2 (BIP370) and is not allowed in PSBTv0.");
            case 0x05:
                RequireNoKeyData(entry, "Output Taproot internal key");
                RequireValueSize(entry, 32, "Output Taproot internal key");
                return true;
            case 0x06:
                RequireNoKeyData(entry, "Output Taproot tree");
                ValidateTaprootTree(entry.Value);
                return true;
            case 0x07:
                RequireKeyDataSize(entry, 32, "Output Taproot BIP32 keypath");
                ValidateTaprootKeyOrigin(entry.Value, "Output");
                return true;
            case 0x08:
                ValidateMuSig2Participants(entry, "Output");
                return true;
            default:
                return false;
        }
    }

    private static void RequireKeyDataSize(Entry entry, int size, string what)
    {
        if (entry.KeyData.Length != size)
        {
            throw new FormatException($"Size of key was not the expected size for the type {what}: {size + 1} bytes are needed, not {entry.Key.Length}.");
        }
    }

    /// <summary>BIP371 derivation value: a count of leaf hashes, the hashes, then a BIP32 key origin.</summary>
    private static void ValidateTaprootKeyOrigin(byte[] value, string context)
    {
        var reader = new BitcoinReader(value);
        ulong count;
        try
        {
            count = reader.ReadCompactSize();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{context} Taproot BIP32 keypath has an invalid length: its leaf hash count cannot be read.", ex);
        }

        if (count > (ulong)reader.Remaining / 32)
        {
            throw new FormatException($"{context} Taproot BIP32 keypath has an invalid length: {count} leaf hashes do not fit in the value.");
        }

        reader.ReadSpan((int)count * 32);
        ReadKeyOrigin(reader.ReadSpan(reader.Remaining), $"{context} Taproot BIP32 keypath");
    }

    /// <summary>BIP371 tap tree: (depth, leaf version, script) triples that together form a complete binary tree.</summary>
    private static void ValidateTaprootTree(byte[] value)
    {
        if (value.Length == 0)
        {
            throw new FormatException("Output Taproot tree must not be empty.");
        }

        var reader = new BitcoinReader(value);

        // pending[d] is true while a node at depth d waits for its sibling; leaves must come in depth-first order.
        var pending = new List<bool>();
        var valid = true;
        while (!reader.IsAtEnd)
        {
            int depth = reader.ReadByte();
            var leafVersion = reader.ReadByte();
            reader.ReadVarBytes();
            if (depth > TaprootMaxDepth)
            {
                throw new FormatException($"Output Taproot tree has a leaf at depth {depth}, deeper than the Taproot maximum of {TaprootMaxDepth}.");
            }

            if ((leafVersion & 1) != 0)
            {
                throw new FormatException($"Output Taproot tree has a leaf with an invalid leaf version 0x{leafVersion:x2} (it must be even).");
            }

            if (depth + 1 < pending.Count)
            {
                valid = false;
                break;
            }

            while (pending.Count > depth && pending[depth])
            {
                pending.RemoveAt(pending.Count - 1);
                if (depth == 0)
                {
                    valid = false;
                    break;
                }

                depth--;
            }

            if (!valid)
            {
                break;
            }

            while (pending.Count <= depth)
            {
                pending.Add(false);
            }

            pending[depth] = true;
        }

        if (!valid || !(pending.Count == 0 || (pending.Count == 1 && pending[0])))
        {
            throw new FormatException("Output Taproot tree is malformed: its leaves do not form a complete binary tree in depth-first order.");
        }
    }

    private static void ValidateMuSig2Participants(Entry entry, string context)
    {
        if (entry.KeyData.Length != 33)
        {
            throw new FormatException($"Size of key was not 34 for the type {context} MuSig2 Participants Pubkeys.");
        }

        if (!IsValidCompressedKey(entry.KeyData))
        {
            throw new FormatException($"{context} musig2 aggregate pubkey is invalid.");
        }

        var offset = 0;
        for (; entry.Value.Length - offset >= 33; offset += 33)
        {
            if (!IsValidCompressedKey(entry.Value.AsSpan(offset, 33)))
            {
                throw new FormatException($"{context} musig2 participant pubkey is invalid.");
            }
        }

        if (offset != entry.Value.Length)
        {
            throw new FormatException($"{context} musig2 participants pubkeys value size is not a multiple of 33.");
        }
    }

    /// <summary>BIP373 key data: participant key, aggregate key and an optional 32-byte leaf hash.</summary>
    private static void ValidateMuSig2Identifier(Entry entry, string what)
    {
        if (entry.KeyData.Length is not 66 and not 98)
        {
            throw new FormatException($"{what} key is not expected size: {entry.Key.Length} bytes instead of 67 or 99.");
        }

        if (!IsValidCompressedKey(entry.KeyData.AsSpan(0, 33)))
        {
            throw new FormatException($"{what}: musig2 participant pubkey is invalid.");
        }

        if (!IsValidCompressedKey(entry.KeyData.AsSpan(33, 33)))
        {
            throw new FormatException($"{what}: musig2 aggregate pubkey is invalid.");
        }
    }

    private static bool IsValidCompressedKey(ReadOnlySpan<byte> bytes) => PubKey.IsCompressedEncoding(bytes) && PubKey.TryCreate(bytes, out _);
}
