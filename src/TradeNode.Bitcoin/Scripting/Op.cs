using System.Buffers.Binary;

namespace TradeNode.Bitcoin.Scripting;

/// <summary>One script operation: an opcode, with its data when it is a push.</summary>
public sealed class Op
{
    private Op(OpcodeType code, byte[]? pushData)
    {
        Code = code;
        PushData = pushData;
    }

    public OpcodeType Code { get; }

    /// <summary>The pushed bytes for a push opcode (empty for OP_0), null for any other opcode.</summary>
    public byte[]? PushData { get; }

    public bool IsPush => Code <= OpcodeType.OP_PUSHDATA4;

    public static Op FromCode(OpcodeType code)
    {
        if (code is > OpcodeType.OP_0 and <= OpcodeType.OP_PUSHDATA4)
        {
            throw new ArgumentException("Use GetPushOp for data pushes.", nameof(code));
        }

        return new Op(code, code == OpcodeType.OP_0 ? [] : null);
    }

    /// <summary>The smallest push of <paramref name="data"/> that is not a small-number opcode (Core's CScript &lt;&lt; vector).</summary>
    public static Op GetPushOp(ReadOnlySpan<byte> data)
    {
        var code = data.Length switch
        {
            0 => OpcodeType.OP_0,
            < (int)OpcodeType.OP_PUSHDATA1 => (OpcodeType)data.Length,
            <= 0xff => OpcodeType.OP_PUSHDATA1,
            <= 0xffff => OpcodeType.OP_PUSHDATA2,
            _ => OpcodeType.OP_PUSHDATA4,
        };
        return new Op(code, data.ToArray());
    }

    /// <summary>A number push as Core's CScript &lt;&lt; int64: OP_1NEGATE, OP_0, OP_1..OP_16, else a minimal script number.</summary>
    public static Op GetPushOp(long value)
    {
        if (value == -1 || (value >= 1 && value <= 16))
        {
            return new Op((OpcodeType)(value + (int)OpcodeType.OP_1 - 1), null);
        }

        return value == 0 ? new Op(OpcodeType.OP_0, []) : GetPushOp(ScriptNumber.Serialize(value));
    }

    /// <summary>A raw push with an explicit opcode, which may be non-minimal (tests and odd scripts need them).</summary>
    internal static Op Raw(OpcodeType code, byte[]? data) => new(code, data);

    /// <summary>For OP_1NEGATE and OP_0..OP_16, the small number it pushes.</summary>
    public int? GetSmallInt() => Code switch
    {
        OpcodeType.OP_0 => 0,
        OpcodeType.OP_1NEGATE => -1,
        >= OpcodeType.OP_1 and <= OpcodeType.OP_16 => Code - OpcodeType.OP_1 + 1,
        _ => null,
    };

    public int EncodedLength => Code switch
    {
        < OpcodeType.OP_PUSHDATA1 => 1 + (PushData?.Length ?? 0),
        OpcodeType.OP_PUSHDATA1 => 2 + PushData!.Length,
        OpcodeType.OP_PUSHDATA2 => 3 + PushData!.Length,
        OpcodeType.OP_PUSHDATA4 => 5 + PushData!.Length,
        _ => 1,
    };

    public void WriteTo(Span<byte> destination, out int written)
    {
        destination[0] = (byte)Code;
        var offset = 1;
        switch (Code)
        {
            case OpcodeType.OP_PUSHDATA1:
                destination[1] = (byte)PushData!.Length;
                offset = 2;
                break;
            case OpcodeType.OP_PUSHDATA2:
                BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], (ushort)PushData!.Length);
                offset = 3;
                break;
            case OpcodeType.OP_PUSHDATA4:
                BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], (uint)PushData!.Length);
                offset = 5;
                break;
        }

        if (Code <= OpcodeType.OP_PUSHDATA4 && PushData is not null)
        {
            PushData.CopyTo(destination[offset..]);
            offset += PushData.Length;
        }

        written = offset;
    }

    /// <summary>Core's GetOpName: OP_ names, except "0", "-1" and "1".."16" for the number opcodes.</summary>
    public static string GetOpName(OpcodeType code) => code switch
    {
        OpcodeType.OP_0 => "0",
        OpcodeType.OP_1NEGATE => "-1",
        >= OpcodeType.OP_1 and <= OpcodeType.OP_16 => ((int)(code - OpcodeType.OP_1 + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        OpcodeType.OP_PUSHDATA1 => "OP_PUSHDATA1",
        OpcodeType.OP_PUSHDATA2 => "OP_PUSHDATA2",
        OpcodeType.OP_PUSHDATA4 => "OP_PUSHDATA4",
        OpcodeType.OP_NOP2 => "OP_CHECKLOCKTIMEVERIFY",
        OpcodeType.OP_NOP3 => "OP_CHECKSEQUENCEVERIFY",
        _ when Enum.IsDefined(code) => code.ToString(),
        _ => "OP_UNKNOWN",
    };

    public override string ToString() => PushData is { Length: > 0 } data ? Convert.ToHexStringLower(data) : GetOpName(Code);
}
