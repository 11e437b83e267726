using TradeNode.Bitcoin.Bip32;
using TradeNode.Bitcoin.Serialization;
using static TradeNode.Bitcoin.Psbt.PSBTSerialization;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>The per-output map of a PSBT (BIP174): scripts and key origins that let a wallet recognise its change.</summary>
public sealed class PSBTOutput
{
    internal PSBTOutput(PSBT parent, int index)
    {
        Parent = parent;
        Index = index;
    }

    public PSBT Parent { get; }

    public int Index { get; }

    public TxOut TxOut => Parent.Tx.Outputs[Index];

    public Script ScriptPubKey => TxOut.ScriptPubKey;

    public Money Value => TxOut.Value;

    public Script? RedeemScript { get; set; }

    public Script? WitnessScript { get; set; }

    public SortedDictionary<PubKey, RootedKeyPath> HDKeyPaths { get; } = new(PubKeyComparer.ByBytes);

    /// <summary>Unknown and proprietary fields, kept byte for byte (whole key including its type → value).</summary>
    public SortedDictionary<byte[], byte[]> Unknown { get; } = new(ByteArrayComparer.Instance);

    /// <summary>Taproot and MuSig2 fields: checked on parsing, not used here, kept for the round trip.</summary>
    internal SortedDictionary<byte[], byte[]> Retained { get; } = new(ByteArrayComparer.Instance);

    public void AddKeyPath(PubKey pubKey, RootedKeyPath rootedKeyPath)
    {
        ArgumentNullException.ThrowIfNull(pubKey);
        ArgumentNullException.ThrowIfNull(rootedKeyPath);
        HDKeyPaths[pubKey] = rootedKeyPath;
    }

    internal void Read(List<Entry> entries)
    {
        foreach (var entry in entries)
        {
            switch (entry.Type)
            {
                case 0x00:
                    RequireNoKeyData(entry, "output redeemScript");
                    RedeemScript = new Script(entry.Value);
                    break;
                case 0x01:
                    RequireNoKeyData(entry, "output witnessScript");
                    WitnessScript = new Script(entry.Value);
                    break;
                case 0x02:
                    var pubKey = ReadPubKeyKey(entry, "output BIP32 derivation pubkey");
                    HDKeyPaths.Add(pubKey, ReadKeyOrigin(entry.Value, "output BIP32 derivation"));
                    break;
                default:
                    (PSBTExtensionFields.ValidateOutput(entry) ? Retained : Unknown).Add(entry.Key, entry.Value);
                    break;
            }
        }
    }

    internal void Write(BitcoinWriter writer)
    {
        if (RedeemScript is not null)
        {
            WriteEntry(writer, 0x00, [], RedeemScript.Span);
        }

        if (WitnessScript is not null)
        {
            WriteEntry(writer, 0x01, [], WitnessScript.Span);
        }

        foreach (var (pubKey, origin) in HDKeyPaths)
        {
            WriteEntry(writer, 0x02, pubKey.Span, WriteKeyOrigin(origin));
        }

        WriteRaw(writer, Retained);
        WriteRaw(writer, Unknown);
        writer.WriteByte(0x00);
    }

    internal void Merge(PSBTOutput other)
    {
        RedeemScript ??= other.RedeemScript;
        WitnessScript ??= other.WitnessScript;
        foreach (var (pubKey, origin) in other.HDKeyPaths)
        {
            HDKeyPaths.TryAdd(pubKey, origin);
        }

        foreach (var (key, value) in other.Retained)
        {
            Retained.TryAdd(key, value);
        }

        foreach (var (key, value) in other.Unknown)
        {
            Unknown.TryAdd(key, value);
        }
    }
}
