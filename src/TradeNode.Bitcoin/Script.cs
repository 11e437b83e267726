using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using TradeNode.Bitcoin.Crypto;
using TradeNode.Bitcoin.Scripting;

namespace TradeNode.Bitcoin;

/// <summary>An immutable Bitcoin script: raw bytes, with views as operations and as Bitcoin Core's asm text.</summary>
public sealed class Script : IEquatable<Script>
{
    /// <summary>Bitcoin Core's MAX_SCRIPT_SIZE.</summary>
    public const int MaxScriptSize = 10_000;

    private static readonly Lazy<Dictionary<string, OpcodeType>> OpNames = new(BuildOpNames);

    private readonly byte[] _bytes;

    public static Script Empty { get; } = new(ReadOnlySpan<byte>.Empty);

    public Script(ReadOnlySpan<byte> bytes)
    {
        _bytes = bytes.ToArray();
    }

    public Script(params IEnumerable<Op> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var list = ops.ToList();
        var buffer = new byte[list.Sum(o => o.EncodedLength)];
        var offset = 0;
        foreach (var op in list)
        {
            op.WriteTo(buffer.AsSpan(offset), out var written);
            offset += written;
        }

        _bytes = buffer;
    }

    public static Script FromHex(string hex) => new(DataEncoders.Encoders.Hex.Decode(hex));

    public int Length => _bytes.Length;

    public ReadOnlySpan<byte> Span => _bytes;

    public byte[] ToBytes() => (byte[])_bytes.Clone();

    public string ToHex() => Convert.ToHexStringLower(_bytes);

    /// <summary>HASH160 of the script: what a P2SH output commits to.</summary>
    public byte[] Hash160 => Hashes.Hash160(_bytes);

    /// <summary>SHA256 of the script: what a P2WSH output commits to.</summary>
    public byte[] WitnessHash => Hashes.SHA256(_bytes);

    /// <summary>
    /// Reads one operation at <paramref name="pc"/> (Bitcoin Core's GetScriptOp). Returns false at the end of the
    /// script or on a push that runs past it; <paramref name="pc"/> then points past what was consumed.
    /// </summary>
    public static bool TryReadOp(ReadOnlySpan<byte> script, ref int pc, out OpcodeType opcode, out ReadOnlySpan<byte> data)
    {
        opcode = OpcodeType.OP_INVALIDOPCODE;
        data = default;
        if (pc >= script.Length)
        {
            return false;
        }

        var code = script[pc++];
        if (code <= (byte)OpcodeType.OP_PUSHDATA4)
        {
            long size;
            if (code < (byte)OpcodeType.OP_PUSHDATA1)
            {
                size = code;
            }
            else if (code == (byte)OpcodeType.OP_PUSHDATA1)
            {
                if (script.Length - pc < 1)
                {
                    return false;
                }

                size = script[pc++];
            }
            else if (code == (byte)OpcodeType.OP_PUSHDATA2)
            {
                if (script.Length - pc < 2)
                {
                    return false;
                }

                size = BinaryPrimitives.ReadUInt16LittleEndian(script[pc..]);
                pc += 2;
            }
            else
            {
                if (script.Length - pc < 4)
                {
                    return false;
                }

                size = BinaryPrimitives.ReadUInt32LittleEndian(script[pc..]);
                pc += 4;
            }

            if (script.Length - pc < size)
            {
                return false;
            }

            data = script.Slice(pc, (int)size);
            pc += (int)size;
        }

        opcode = (OpcodeType)code;
        return true;
    }

    /// <summary>The operations of the script; throws <see cref="FormatException"/> when a push runs past the end.</summary>
    public IReadOnlyList<Op> ToOps()
    {
        if (!TryGetOps(out var ops))
        {
            throw new FormatException("The script ends inside a data push.");
        }

        return ops;
    }

    public bool TryGetOps([NotNullWhen(true)] out IReadOnlyList<Op>? ops)
    {
        var list = new List<Op>();
        var pc = 0;
        while (pc < _bytes.Length)
        {
            if (!TryReadOp(_bytes, ref pc, out var code, out var data))
            {
                ops = null;
                return false;
            }

            list.Add(Op.Raw(code, code <= OpcodeType.OP_PUSHDATA4 ? data.ToArray() : null));
        }

        ops = list;
        return true;
    }

    /// <summary>True when every operation is a push (OP_0..OP_16 included), as Core's IsPushOnly.</summary>
    public bool IsPushOnly()
    {
        var pc = 0;
        while (pc < _bytes.Length)
        {
            if (!TryReadOp(_bytes, ref pc, out var code, out _) || code > OpcodeType.OP_16)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>OP_HASH160 &lt;20 bytes&gt; OP_EQUAL.</summary>
    public bool IsPayToScriptHash =>
        _bytes.Length == 23 && _bytes[0] == (byte)OpcodeType.OP_HASH160 && _bytes[1] == 0x14 && _bytes[22] == (byte)OpcodeType.OP_EQUAL;

    public bool IsPayToWitnessPubKeyHash => _bytes.Length == 22 && _bytes[0] == 0x00 && _bytes[1] == 0x14;

    public bool IsPayToWitnessScriptHash => _bytes.Length == 34 && _bytes[0] == 0x00 && _bytes[1] == 0x20;

    /// <summary>An OP_RETURN output or one too large to be a script: can never be spent.</summary>
    public bool IsUnspendable => (_bytes.Length > 0 && _bytes[0] == (byte)OpcodeType.OP_RETURN) || _bytes.Length > MaxScriptSize;

    /// <summary>BIP141: a version byte (OP_0, OP_1..OP_16) followed by one push of 2 to 40 bytes.</summary>
    public bool IsWitnessProgram(out int version, [NotNullWhen(true)] out byte[]? program)
    {
        version = -1;
        program = null;
        if (_bytes.Length < 4 || _bytes.Length > 42)
        {
            return false;
        }

        if (_bytes[0] != (byte)OpcodeType.OP_0 && (_bytes[0] < (byte)OpcodeType.OP_1 || _bytes[0] > (byte)OpcodeType.OP_16))
        {
            return false;
        }

        if (_bytes[1] + 2 != _bytes.Length)
        {
            return false;
        }

        version = _bytes[0] == 0 ? 0 : _bytes[0] - (byte)OpcodeType.OP_1 + 1;
        program = _bytes[2..];
        return true;
    }

    /// <summary>Counts signature operations as Core's GetSigOpCount (accurate: multisig counts its key count).</summary>
    public int GetSigOpCount(bool accurate)
    {
        var count = 0;
        var pc = 0;
        var last = OpcodeType.OP_INVALIDOPCODE;
        while (pc < _bytes.Length)
        {
            if (!TryReadOp(_bytes, ref pc, out var code, out _))
            {
                break;
            }

            if (code is OpcodeType.OP_CHECKSIG or OpcodeType.OP_CHECKSIGVERIFY)
            {
                count++;
            }
            else if (code is OpcodeType.OP_CHECKMULTISIG or OpcodeType.OP_CHECKMULTISIGVERIFY)
            {
                count += accurate && last >= OpcodeType.OP_1 && last <= OpcodeType.OP_16 ? last - OpcodeType.OP_1 + 1 : 20;
            }

            last = code;
        }

        return count;
    }

    /// <summary>
    /// Core's FindAndDelete: removes every occurrence of <paramref name="pattern"/> that starts on an operation boundary.
    /// Legacy sighash applies it to the signature being checked.
    /// </summary>
    public Script FindAndDelete(Script pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var b = pattern._bytes;
        if (b.Length == 0)
        {
            return this;
        }

        var found = 0;
        var result = new List<byte>(_bytes.Length);
        int pc = 0, pc2 = 0;
        bool more;
        do
        {
            result.AddRange(_bytes.AsSpan(pc2, pc - pc2));
            while (_bytes.Length - pc >= b.Length && _bytes.AsSpan(pc, b.Length).SequenceEqual(b))
            {
                pc += b.Length;
                found++;
            }

            pc2 = pc;
            more = TryReadOp(_bytes, ref pc, out _, out _);
        }
        while (more);

        if (found == 0)
        {
            return this;
        }

        result.AddRange(_bytes.AsSpan(pc2));
        return new Script([.. result]);
    }

    /// <summary>
    /// Parses Bitcoin Core's script text dialect (as in script_tests.json): decimal numbers, 0x-prefixed raw bytes,
    /// 'quoted' strings pushed as data, and opcode names with or without OP_.
    /// </summary>
    public static Script Parse(string asm)
    {
        ArgumentNullException.ThrowIfNull(asm);
        var output = new List<byte>();
        foreach (var word in asm.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsDecimal(word))
            {
                if (!long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    || n > 0xffffffffL || n < -0xffffffffL)
                {
                    throw new FormatException($"Script parse error: decimal value '{word}' is outside -0xFFFFFFFF...0xFFFFFFFF.");
                }

                Append(output, Op.GetPushOp(n));
            }
            else if (word.StartsWith("0x", StringComparison.Ordinal) && word.Length > 2 && DataEncoders.HexEncoder.IsWellFormed(word[2..]))
            {
                output.AddRange(Convert.FromHexString(word.AsSpan(2)));
            }
            else if (word.Length >= 2 && word[0] == '\'' && word[^1] == '\'')
            {
                Append(output, Op.GetPushOp(Encoding.UTF8.GetBytes(word[1..^1])));
            }
            else if (OpNames.Value.TryGetValue(word, out var code))
            {
                output.Add((byte)code);
            }
            else
            {
                throw new FormatException($"Script parse error: '{word}' is not a number, 0x-hex, 'string' or opcode name.");
            }
        }

        return new Script([.. output]);
    }

    public static bool TryParse(string? asm, [NotNullWhen(true)] out Script? script)
    {
        script = null;
        if (asm is null)
        {
            return false;
        }

        try
        {
            script = Parse(asm);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Bitcoin Core's ScriptToAsmStr: pushes of up to 4 bytes as numbers, longer ones as hex.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        var pc = 0;
        while (pc < _bytes.Length)
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (!TryReadOp(_bytes, ref pc, out var code, out var data))
            {
                builder.Append("[error]");
                break;
            }

            if (code <= OpcodeType.OP_PUSHDATA4)
            {
                builder.Append(data.Length <= 4
                    ? ScriptNumber.Decode(data).ToString(CultureInfo.InvariantCulture)
                    : Convert.ToHexStringLower(data));
            }
            else
            {
                builder.Append(Op.GetOpName(code));
            }
        }

        return builder.ToString();
    }

    public static Script operator +(Script a, Script b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new Script([.. a._bytes, .. b._bytes]);
    }

    public bool Equals(Script? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Script);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    public static bool operator ==(Script? a, Script? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Script? a, Script? b) => !(a == b);

    private static bool IsDecimal(string word)
    {
        var digits = word[0] == '-' ? word.AsSpan(1) : word.AsSpan();
        return digits.Length > 0 && digits.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static void Append(List<byte> output, Op op)
    {
        var buffer = new byte[op.EncodedLength];
        op.WriteTo(buffer, out _);
        output.AddRange(buffer);
    }

    private static Dictionary<string, OpcodeType> BuildOpNames()
    {
        var names = new Dictionary<string, OpcodeType>(StringComparer.Ordinal);
        for (var i = 0; i <= (int)OpcodeType.OP_CHECKSIGADD; i++)
        {
            var code = (OpcodeType)i;
            if (code < OpcodeType.OP_NOP && code != OpcodeType.OP_RESERVED)
            {
                continue;
            }

            var name = Op.GetOpName(code);
            if (name == "OP_UNKNOWN")
            {
                continue;
            }

            names[name] = code;
            names[name[3..]] = code;
        }

        // Older spellings still seen in test data.
        names["OP_NOP2"] = names["NOP2"] = OpcodeType.OP_CHECKLOCKTIMEVERIFY;
        names["OP_NOP3"] = names["NOP3"] = OpcodeType.OP_CHECKSEQUENCEVERIFY;
        return names;
    }
}
