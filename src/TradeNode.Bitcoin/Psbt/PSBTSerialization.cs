using System.Buffers.Binary;
using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>BIP174's key-value maps on the wire, and the value encodings the maps share.</summary>
internal static class PSBTSerialization
{
    /// <summary>One key-value pair of a map: the key's type, the key data after it, the whole key and the value.</summary>
    internal sealed record Entry(ulong Type, byte[] KeyData, byte[] Key, byte[] Value);

    /// <summary>Reads one map up to its 0x00 separator, rejecting duplicate keys.</summary>
    public static List<Entry> ReadMap(BitcoinReader reader, string mapName)
    {
        var entries = new List<Entry>();
        var seen = new HashSet<byte[]>(ByteArrayComparer.Instance);
        while (true)
        {
            if (reader.IsAtEnd)
            {
                throw new FormatException($"The PSBT ends inside the {mapName} map: its 0x00 separator is missing.");
            }

            var key = ReadField(reader, mapName, "key");
            if (key.Length == 0)
            {
                return entries;
            }

            if (reader.IsAtEnd)
            {
                throw new FormatException($"The PSBT ends after a key of the {mapName} map, before its value.");
            }

            var value = ReadField(reader, mapName, "value");
            if (!seen.Add(key))
            {
                throw new FormatException($"Duplicate key in the {mapName} map: key {Convert.ToHexStringLower(key)} appears twice.");
            }

            var keyReader = new BitcoinReader(key);
            ulong type;
            try
            {
                type = keyReader.ReadCompactSize();
            }
            catch (FormatException ex)
            {
                throw new FormatException($"A key of the {mapName} map does not start with a valid key type: {ex.Message}", ex);
            }

            entries.Add(new Entry(type, key[keyReader.Position..], key, value));
        }
    }

    private static byte[] ReadField(BitcoinReader reader, string mapName, string what)
    {
        try
        {
            return reader.ReadVarBytes();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"A {what} in the {mapName} map is truncated or has a bad length: {ex.Message}", ex);
        }
    }

    public static byte[] MakeKey(ulong type, ReadOnlySpan<byte> keyData)
    {
        var writer = new BitcoinWriter(9 + keyData.Length);
        writer.WriteCompactSize(type);
        writer.Write(keyData);
        return writer.ToArray();
    }

    public static void WriteEntry(BitcoinWriter writer, ulong type, ReadOnlySpan<byte> keyData, ReadOnlySpan<byte> value)
    {
        writer.WriteVarBytes(MakeKey(type, keyData));
        writer.WriteVarBytes(value);
    }

    public static void WriteRaw(BitcoinWriter writer, IEnumerable<KeyValuePair<byte[], byte[]>> entries)
    {
        foreach (var (key, value) in entries)
        {
            writer.WriteVarBytes(key);
            writer.WriteVarBytes(value);
        }
    }

    /// <summary>Keys of types that carry no key data must be the type byte alone.</summary>
    public static void RequireNoKeyData(Entry entry, string what)
    {
        if (entry.KeyData.Length != 0)
        {
            throw new FormatException($"Size of key was not the expected size for the type {what}: this key type carries no key data.");
        }
    }

    public static void RequireValueSize(Entry entry, int size, string what)
    {
        if (entry.Value.Length != size)
        {
            throw new FormatException($"Size of value was not the stated size: the {what} value must be {size} bytes, not {entry.Value.Length}.");
        }
    }

    /// <summary>A key that is a type byte followed by a public key (partial signatures, BIP32 derivations).</summary>
    public static PubKey ReadPubKeyKey(Entry entry, string what)
    {
        if (entry.KeyData.Length is not 33 and not 65)
        {
            throw new FormatException($"Size of key was not the expected size for the type {what}: a public key of 33 or 65 bytes is needed.");
        }

        if (!PubKey.TryCreate(entry.KeyData, out var pubKey))
        {
            throw new FormatException($"Invalid pubkey in the {what} key: it is not a point on secp256k1.");
        }

        return pubKey;
    }

    /// <summary>The value of a BIP32 derivation: a 4-byte master fingerprint and little-endian 32-bit indexes.</summary>
    public static RootedKeyPath ReadKeyOrigin(ReadOnlySpan<byte> value, string what)
    {
        if (value.Length == 0 || value.Length % 4 != 0)
        {
            throw new FormatException($"Invalid length for HD key path in the {what}: a fingerprint and 32-bit indexes need a multiple of 4 bytes.");
        }

        var depth = (value.Length / 4) - 1;
        if (depth > KeyPath.MaxDepth)
        {
            throw new FormatException($"The {what} key path has {depth} steps; at most {KeyPath.MaxDepth} are allowed.");
        }

        var indexes = new uint[depth];
        for (var i = 0; i < depth; i++)
        {
            indexes[i] = BinaryPrimitives.ReadUInt32LittleEndian(value[(4 + (4 * i))..]);
        }

        return new RootedKeyPath(new HDFingerprint(value[..4]), new KeyPath(indexes));
    }

    public static byte[] WriteKeyOrigin(RootedKeyPath origin)
    {
        var writer = new BitcoinWriter(4 + (4 * origin.KeyPath.Length));
        writer.Write(origin.MasterFingerprint.ToBytes());
        foreach (var index in origin.KeyPath.Indexes)
        {
            writer.WriteUInt32(index);
        }

        return writer.ToArray();
    }

    public static TxOut ReadTxOut(byte[] value, string what)
    {
        var reader = new BitcoinReader(value);
        var amount = reader.ReadInt64();
        var script = new Script(reader.ReadVarBytes());
        RequireConsumed(reader, what);
        return new TxOut(Money.Satoshis(amount), script);
    }

    public static byte[] WriteTxOut(TxOut txOut)
    {
        var writer = new BitcoinWriter(9 + txOut.ScriptPubKey.Length);
        Transaction.WriteOutput(writer, txOut);
        return writer.ToArray();
    }

    public static WitScript ReadWitness(byte[] value, string what)
    {
        var reader = new BitcoinReader(value);
        var witness = WitScript.Read(reader);
        RequireConsumed(reader, what);
        return witness;
    }

    public static byte[] WriteWitness(WitScript witness)
    {
        var writer = new BitcoinWriter(witness.SerializedLength);
        witness.Write(writer);
        return writer.ToArray();
    }

    public static void RequireConsumed(BitcoinReader reader, string what)
    {
        if (!reader.IsAtEnd)
        {
            throw new FormatException($"Size of value was not the stated size: {reader.Remaining} bytes are left over in the {what} value.");
        }
    }

    /// <summary>Runs a value decoder and prefixes what it found wrong with the field it was reading.</summary>
    public static T Decode<T>(string what, Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"Invalid {what}: {ex.Message}", ex);
        }
    }
}
