using System.Diagnostics.CodeAnalysis;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Serialization;

namespace TradeNode.Bitcoin;

/// <summary>A Bitcoin transaction with legacy and BIP144 (segwit) serialization.</summary>
public sealed partial class Transaction
{
    /// <summary>Bitcoin Core's MAX_BLOCK_WEIGHT / WITNESS_SCALE_FACTOR: the largest serialized size without witness.</summary>
    public const int MaxBlockWeight = 4_000_000;

    public const int WitnessScaleFactor = 4;

    public uint Version { get; set; } = 2;

    public List<TxIn> Inputs { get; } = [];

    public List<TxOut> Outputs { get; } = [];

    public uint LockTime { get; set; }

    public bool HasWitness => Inputs.Any(i => !i.WitScript.IsEmpty);

    public bool IsCoinBase => Inputs.Count == 1 && Inputs[0].PrevOut.IsNull;

    public Money TotalOut => Outputs.Aggregate(Money.Zero, (sum, o) => sum + o.Value);

    public static Transaction Parse(string hex)
    {
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            throw new FormatException("A transaction is given as hexadecimal.");
        }

        return FromBytes(bytes);
    }

    public static bool TryParse(string? hex, [NotNullWhen(true)] out Transaction? transaction)
    {
        transaction = null;
        if (!DataEncoders.Encoders.Hex.TryDecode(hex, out var bytes))
        {
            return false;
        }

        return TryFromBytes(bytes, out transaction);
    }

    /// <summary>
    /// Decodes a serialized transaction; the whole input must be consumed. As Bitcoin Core's DecodeTx, the segwit
    /// form is tried first and the legacy form second (a transaction with no inputs is ambiguous).
    /// </summary>
    public static Transaction FromBytes(ReadOnlyMemory<byte> bytes)
    {
        FormatException? firstError;
        try
        {
            return Read(bytes, allowWitness: true);
        }
        catch (FormatException ex)
        {
            firstError = ex;
        }

        try
        {
            return Read(bytes, allowWitness: false);
        }
        catch (FormatException)
        {
            throw firstError;
        }
    }

    public static bool TryFromBytes(ReadOnlyMemory<byte> bytes, [NotNullWhen(true)] out Transaction? transaction)
    {
        try
        {
            transaction = FromBytes(bytes);
            return true;
        }
        catch (FormatException)
        {
            transaction = null;
            return false;
        }
    }

    private static Transaction Read(ReadOnlyMemory<byte> bytes, bool allowWitness)
    {
        var reader = new BitcoinReader(bytes);
        var tx = ReadFrom(reader, allowWitness);
        if (!reader.IsAtEnd)
        {
            throw new FormatException($"{reader.Remaining} unexpected bytes after the transaction.");
        }

        return tx;
    }

    /// <summary>Reads one transaction from a stream (blocks and PSBTs embed them).</summary>
    public static Transaction ReadFrom(BitcoinReader reader, bool allowWitness = true)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var tx = new Transaction { Version = reader.ReadUInt32() };
        byte flags = 0;
        ReadInputs(reader, tx);
        if (tx.Inputs.Count == 0 && allowWitness)
        {
            flags = reader.ReadByte();
            if (flags != 0)
            {
                ReadInputs(reader, tx);
                ReadOutputs(reader, tx);
            }
        }
        else
        {
            ReadOutputs(reader, tx);
        }

        if ((flags & 1) != 0 && allowWitness)
        {
            flags ^= 1;
            foreach (var input in tx.Inputs)
            {
                input.WitScript = WitScript.Read(reader);
            }

            if (!tx.HasWitness)
            {
                throw new FormatException("Superfluous witness record.");
            }
        }

        if (flags != 0)
        {
            throw new FormatException("Unknown transaction optional data.");
        }

        tx.LockTime = reader.ReadUInt32();
        return tx;
    }

    private static void ReadInputs(BitcoinReader reader, Transaction tx)
    {
        var count = reader.ReadCount(minItemSize: 41);
        for (var i = 0; i < count; i++)
        {
            var prevOut = OutPoint.Read(reader);
            var scriptSig = new Script(reader.ReadVarBytes());
            tx.Inputs.Add(new TxIn(prevOut, scriptSig, reader.ReadUInt32()));
        }
    }

    private static void ReadOutputs(BitcoinReader reader, Transaction tx)
    {
        var count = reader.ReadCount(minItemSize: 9);
        for (var i = 0; i < count; i++)
        {
            var value = Money.Satoshis(reader.ReadInt64());
            tx.Outputs.Add(new TxOut(value, new Script(reader.ReadVarBytes())));
        }
    }

    public byte[] ToBytes(bool includeWitness = true)
    {
        var writer = new BitcoinWriter(256);
        WriteTo(writer, includeWitness);
        return writer.ToArray();
    }

    public string ToHex(bool includeWitness = true) => Convert.ToHexStringLower(ToBytes(includeWitness));

    public void WriteTo(BitcoinWriter writer, bool includeWitness = true)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var witness = includeWitness && HasWitness;
        writer.WriteUInt32(Version);
        if (witness)
        {
            writer.WriteByte(0x00); // marker
            writer.WriteByte(0x01); // flag
        }

        writer.WriteCompactSize((ulong)Inputs.Count);
        foreach (var input in Inputs)
        {
            input.PrevOut.Write(writer);
            writer.WriteVarBytes(input.ScriptSig.Span);
            writer.WriteUInt32(input.Sequence);
        }

        writer.WriteCompactSize((ulong)Outputs.Count);
        foreach (var output in Outputs)
        {
            WriteOutput(writer, output);
        }

        if (witness)
        {
            foreach (var input in Inputs)
            {
                input.WitScript.Write(writer);
            }
        }

        writer.WriteUInt32(LockTime);
    }

    internal static void WriteOutput(BitcoinWriter writer, TxOut output)
    {
        writer.WriteInt64(output.Value.Satoshi);
        writer.WriteVarBytes(output.ScriptPubKey.Span);
    }

    /// <summary>The txid: double SHA-256 of the serialization without witness.</summary>
    public UInt256 GetHash() => Hashes.DoubleSHA256Hash(ToBytes(includeWitness: false));

    /// <summary>The wtxid: double SHA-256 of the full serialization (equals the txid when there is no witness).</summary>
    public UInt256 GetWitHash() => Hashes.DoubleSHA256Hash(ToBytes(includeWitness: true));

    /// <summary>Bitcoin Core's GetLegacySigOpCount: inaccurate sigops of every scriptSig and scriptPubKey.</summary>
    public int GetLegacySigOpCount() =>
        Inputs.Sum(i => i.ScriptSig.GetSigOpCount(false)) + Outputs.Sum(o => o.ScriptPubKey.GetSigOpCount(false));

    /// <summary>BIP141 weight: base size × 3 + total size.</summary>
    public int GetWeight() => (ToBytes(includeWitness: false).Length * (WitnessScaleFactor - 1)) + ToBytes(includeWitness: true).Length;

    /// <summary>Virtual size in vbytes: weight / 4, rounded up.</summary>
    public int GetVirtualSize() => (GetWeight() + WitnessScaleFactor - 1) / WitnessScaleFactor;

    public Transaction Clone() => FromBytes(ToBytes());

    /// <summary>
    /// Bitcoin Core's CheckTransaction: the checks that need no context. Returns null when the transaction passes,
    /// otherwise Core's reject reason (for example <c>bad-txns-inputs-duplicate</c>).
    /// </summary>
    public string? Check()
    {
        if (Inputs.Count == 0)
        {
            return "bad-txns-vin-empty";
        }

        if (Outputs.Count == 0)
        {
            return "bad-txns-vout-empty";
        }

        if (ToBytes(includeWitness: false).Length * WitnessScaleFactor > MaxBlockWeight)
        {
            return "bad-txns-oversize";
        }

        long total = 0;
        foreach (var output in Outputs)
        {
            if (output.Value.Satoshi < 0)
            {
                return "bad-txns-vout-negative";
            }

            if (output.Value.Satoshi > Money.MaxSatoshis)
            {
                return "bad-txns-vout-toolarge";
            }

            total += output.Value.Satoshi;
            if (total < 0 || total > Money.MaxSatoshis)
            {
                return "bad-txns-txouttotal-toolarge";
            }
        }

        var seen = new HashSet<OutPoint>();
        foreach (var input in Inputs)
        {
            if (!seen.Add(input.PrevOut))
            {
                return "bad-txns-inputs-duplicate";
            }
        }

        if (IsCoinBase)
        {
            if (Inputs[0].ScriptSig.Length < 2 || Inputs[0].ScriptSig.Length > 100)
            {
                return "bad-cb-length";
            }
        }
        else if (Inputs.Any(i => i.PrevOut.IsNull))
        {
            return "bad-txns-prevout-null";
        }

        return null;
    }

    public override string ToString() => GetHash().ToString();
}
