using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Serialization;
using static TradeNode.Bitcoin.Psbt.PSBTSerialization;

namespace TradeNode.Bitcoin.Psbt;

/// <summary>
/// A Partially Signed Bitcoin Transaction, version 0 (BIP174): an unsigned transaction plus, per input and output,
/// what the parties need to sign it. Encoded as bytes, base64 or hex. PSBTv2 (BIP370) is refused.
/// </summary>
public sealed partial class PSBT
{
    /// <summary>The highest PSBT version this library reads.</summary>
    public const uint MaxSupportedVersion = 0;

    /// <summary>Largest PSBT accepted, as Bitcoin Core's MAX_SIZE for one serialized object.</summary>
    public const int MaxSize = (int)BitcoinReader.MaxSize;

    private static readonly byte[] Magic = [0x70, 0x73, 0x62, 0x74, 0xff]; // "psbt" 0xff

    private readonly List<PSBTInput> _inputs = [];
    private readonly List<PSBTOutput> _outputs = [];

    /// <summary>Whether the PSBT carried an explicit PSBT_GLOBAL_VERSION (0), so it is written back.</summary>
    private bool _hasVersionField;

    private PSBT(Transaction tx, Network network)
    {
        Tx = tx;
        Network = network;
        for (var i = 0; i < tx.Inputs.Count; i++)
        {
            _inputs.Add(new PSBTInput(this, i));
        }

        for (var i = 0; i < tx.Outputs.Count; i++)
        {
            _outputs.Add(new PSBTOutput(this, i));
        }
    }

    public Network Network { get; }

    /// <summary>
    /// Whether signers grind the nonce until r is low (71-byte signatures), as Bitcoin Core does. On by default;
    /// BIP174's own signer vectors were made without it.
    /// </summary>
    public bool UseLowR { get; set; } = true;

    /// <summary>PSBT_GLOBAL_VERSION: always 0 here.</summary>
    public uint Version => 0;

    public IReadOnlyList<PSBTInput> Inputs => _inputs;

    public IReadOnlyList<PSBTOutput> Outputs => _outputs;

    /// <summary>PSBT_GLOBAL_XPUB entries, in the order they were read or added.</summary>
    public List<PSBTGlobalXPub> GlobalXPubs { get; } = [];

    /// <summary>Unknown and proprietary global fields, kept byte for byte (whole key including its type → value).</summary>
    public SortedDictionary<byte[], byte[]> Unknown { get; } = new(ByteArrayComparer.Instance);

    /// <summary>The unsigned transaction this PSBT is about (the PSBT's own copy).</summary>
    internal Transaction Tx { get; }

    /// <summary>A copy of the unsigned transaction.</summary>
    public Transaction GetGlobalTransaction() => Tx.Clone();

    /// <summary>Creator role: a PSBT for a transaction whose inputs carry no scriptSig and no witness yet.</summary>
    public static PSBT FromTransaction(Transaction transaction, Network network)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(network);
        if (transaction.Inputs.Any(i => i.ScriptSig.Length != 0 || !i.WitScript.IsEmpty))
        {
            throw new ArgumentException("A PSBT is created from an unsigned transaction: every input needs an empty scriptSig and witness.", nameof(transaction));
        }

        return new PSBT(transaction.Clone(), network);
    }

    /// <summary>Parses a PSBT given as base64 (the usual form) or as hexadecimal.</summary>
    public static PSBT Parse(string text, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (text is null)
        {
            throw new FormatException("A PSBT is given as base64 or hexadecimal text; the text is missing.");
        }

        var trimmed = text.Trim();
        if (trimmed.Length > MaxSize * 2)
        {
            throw new FormatException($"The PSBT text is too large: a PSBT is at most {MaxSize} bytes.");
        }

        if (trimmed.StartsWith("70736274ff", StringComparison.OrdinalIgnoreCase))
        {
            if (!DataEncoders.Encoders.Hex.TryDecode(trimmed, out var hexBytes))
            {
                throw new FormatException("The PSBT looks hexadecimal but is not valid hex (an even number of 0-9, a-f).");
            }

            return Load(hexBytes, network);
        }

        return Load(DecodeBase64(trimmed), network);
    }

    public static bool TryParse(string? text, Network network, [NotNullWhen(true)] out PSBT? psbt)
    {
        psbt = null;
        if (text is null)
        {
            return false;
        }

        try
        {
            psbt = Parse(text, network);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Decodes a serialized PSBT; the whole input must be one PSBT.</summary>
    public static PSBT Load(ReadOnlySpan<byte> bytes, Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (bytes.Length < Magic.Length || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            throw new FormatException("Not a PSBT: it does not start with the magic bytes 'psbt' 0xff.");
        }

        if (bytes.Length > MaxSize)
        {
            throw new FormatException($"The PSBT is too large: {bytes.Length} bytes, at most {MaxSize} are accepted.");
        }

        var reader = new BitcoinReader(bytes.ToArray()) { Position = Magic.Length };
        var globals = ReadMap(reader, "global");
        var psbt = ReadGlobals(globals, network);
        for (var i = 0; i < psbt._inputs.Count; i++)
        {
            psbt._inputs[i].Read(ReadMap(reader, $"input {i}"));
        }

        for (var i = 0; i < psbt._outputs.Count; i++)
        {
            psbt._outputs[i].Read(ReadMap(reader, $"output {i}"));
        }

        if (!reader.IsAtEnd)
        {
            throw new FormatException($"{reader.Remaining} bytes of extra data after the PSBT: there are more maps than the transaction has inputs and outputs.");
        }

        return psbt;
    }

    public static bool TryLoad(ReadOnlySpan<byte> bytes, Network network, [NotNullWhen(true)] out PSBT? psbt)
    {
        try
        {
            psbt = Load(bytes, network);
            return true;
        }
        catch (FormatException)
        {
            psbt = null;
            return false;
        }
    }

    private static byte[] DecodeBase64(string text)
    {
        // Strict: only the base64 alphabet, padded to a multiple of four (Bitcoin Core's DecodeBase64 is as strict).
        if (text.Length == 0 || text.Length % 4 != 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            throw new FormatException("A PSBT is given as base64 (A-Z, a-z, 0-9, +, /, padded with = to a multiple of 4 characters) or as hex.");
        }

        var bytes = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, bytes, out var written))
        {
            throw new FormatException("The PSBT's base64 is malformed: padding appears before the end or is wrong.");
        }

        return bytes[..written];
    }

    private static PSBT ReadGlobals(List<Entry> globals, Network network)
    {
        // The version decides how the rest is read, so it is checked before anything else.
        foreach (var entry in globals.Where(e => e.Type == 0xfb))
        {
            RequireNoKeyData(entry, "global version");
            RequireValueSize(entry, 4, "global version");
            var version = new BitcoinReader(entry.Value).ReadUInt32();
            if (version > MaxSupportedVersion)
            {
                throw new FormatException($"PSBT version {version} is not supported: only version 0 (BIP174) is read here; PSBTv2 is not supported.");
            }
        }

        Transaction? tx = null;
        var xpubs = new List<PSBTGlobalXPub>();
        var unknown = new List<Entry>();
        var hasVersion = false;
        foreach (var entry in globals)
        {
            switch (entry.Type)
            {
                case 0x00:
                    RequireNoKeyData(entry, "global unsigned tx");
                    tx = Decode("unsigned transaction", () => ReadUnsignedTransaction(entry.Value));
                    break;
                case 0x01:
                    var extPubKey = PSBTGlobalXPub.ReadExtPubKey(entry.KeyData, out var versionBytes);
                    xpubs.Add(new PSBTGlobalXPub(extPubKey, ReadKeyOrigin(entry.Value, "global xpub"), versionBytes));
                    break;
                case >= 0x02 and <= 0x06:
                    throw new FormatException($"Global field type 0x{entry.Type:x2} belongs to PSBTv2 (BIP370) and is not allowed in PSBTv0.");
                case 0xfb:
                    hasVersion = true;
                    break;
                case 0xfc:
                    RequireProprietaryKey(entry);
                    unknown.Add(entry);
                    break;
                default:
                    unknown.Add(entry);
                    break;
            }
        }

        if (tx is null)
        {
            throw new FormatException("No unsigned transaction was provided: a version 0 PSBT needs PSBT_GLOBAL_UNSIGNED_TX.");
        }

        var psbt = new PSBT(tx, network) { _hasVersionField = hasVersion };
        psbt.GlobalXPubs.AddRange(xpubs);
        foreach (var entry in unknown)
        {
            psbt.Unknown.Add(entry.Key, entry.Value);
        }

        return psbt;
    }

    private static Transaction ReadUnsignedTransaction(byte[] value)
    {
        // BIP174: the unsigned transaction is in the network (non-witness) serialization.
        var reader = new BitcoinReader(value);
        var tx = Transaction.ReadFrom(reader, allowWitness: false);
        RequireConsumed(reader, "unsigned transaction");
        if (tx.Inputs.Any(i => i.ScriptSig.Length != 0))
        {
            throw new FormatException("Unsigned tx does not have empty scriptSigs and scriptWitnesses.");
        }

        return tx;
    }

    /// <summary>BIP174 proprietary keys: 0xFC, a length-prefixed identifier, a subtype, then key data.</summary>
    private static void RequireProprietaryKey(Entry entry)
    {
        Decode("proprietary key", () =>
        {
            var reader = new BitcoinReader(entry.KeyData);
            reader.ReadVarBytes();
            return reader.ReadCompactSize();
        });
    }

    public byte[] ToBytes()
    {
        var writer = new BitcoinWriter(1024);
        writer.Write(Magic);
        WriteEntry(writer, 0x00, [], Tx.ToBytes(includeWitness: false));
        foreach (var xpub in GlobalXPubs)
        {
            WriteEntry(writer, 0x01, xpub.ToBytes(), WriteKeyOrigin(xpub.RootedKeyPath));
        }

        if (_hasVersionField)
        {
            WriteEntry(writer, 0xfb, [], [0, 0, 0, 0]);
        }

        WriteRaw(writer, Unknown);
        writer.WriteByte(0x00);
        foreach (var input in _inputs)
        {
            input.Write(writer);
        }

        foreach (var output in _outputs)
        {
            output.Write(writer);
        }

        return writer.ToArray();
    }

    public string ToBase64() => Convert.ToBase64String(ToBytes());

    public string ToHex() => Convert.ToHexStringLower(ToBytes());

    public PSBT Clone()
    {
        var copy = Load(ToBytes(), Network);
        copy.UseLowR = UseLowR;
        return copy;
    }

    public override string ToString() => ToBase64();

    internal PrecomputedTransactionData GetPrecomputedData() => new(Tx);
}
