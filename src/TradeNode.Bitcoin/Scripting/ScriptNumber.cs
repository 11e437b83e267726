namespace TradeNode.Bitcoin.Scripting;

/// <summary>
/// Bitcoin script numbers (Core's CScriptNum): little-endian sign-magnitude, minimal encoding,
/// at most 4 bytes as operands (5 for CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY).
/// </summary>
public static class ScriptNumber
{
    public const int DefaultMaxSize = 4;

    public static byte[] Serialize(long value)
    {
        if (value == 0)
        {
            return [];
        }

        var result = new List<byte>(9);
        var negative = value < 0;
        var absolute = negative ? (ulong)-(value + 1) + 1 : (ulong)value;
        while (absolute != 0)
        {
            result.Add((byte)(absolute & 0xff));
            absolute >>= 8;
        }

        // The top bit of the last byte is the sign; add a byte when the magnitude already uses it.
        if ((result[^1] & 0x80) != 0)
        {
            result.Add(negative ? (byte)0x80 : (byte)0x00);
        }
        else if (negative)
        {
            result[^1] |= 0x80;
        }

        return [.. result];
    }

    /// <summary>True when the encoding has no unnecessary trailing byte (MINIMALDATA's number rule).</summary>
    public static bool IsMinimallyEncoded(ReadOnlySpan<byte> data, int maxSize = DefaultMaxSize)
    {
        if (data.Length > maxSize)
        {
            return false;
        }

        if (data.Length > 0 && (data[^1] & 0x7f) == 0)
        {
            if (data.Length <= 1 || (data[^2] & 0x80) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Decodes a script number; throws <see cref="ScriptNumberException"/> when too long or not minimal as required.</summary>
    public static long Deserialize(ReadOnlySpan<byte> data, bool requireMinimal, int maxSize = DefaultMaxSize)
    {
        if (data.Length > maxSize)
        {
            throw new ScriptNumberException("script number overflow");
        }

        if (requireMinimal && !IsMinimallyEncoded(data, maxSize))
        {
            throw new ScriptNumberException("non-minimally encoded script number");
        }

        return Decode(data);
    }

    /// <summary>Decodes without any size or minimality check (callers bound the length).</summary>
    public static long Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            return 0;
        }

        long result = 0;
        for (var i = 0; i < data.Length && i < 8; i++)
        {
            result |= (long)data[i] << (8 * i);
        }

        if ((data[^1] & 0x80) != 0)
        {
            return -(result & ~(0x80L << (8 * (data.Length - 1))));
        }

        return result;
    }
}
