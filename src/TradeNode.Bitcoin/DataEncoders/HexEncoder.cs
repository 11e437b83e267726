using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>Lower-case hexadecimal, strict on input (even length, hex digits only).</summary>
public sealed class HexEncoder
{
    public string Encode(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(data);

    public byte[] Decode(string hex)
    {
        if (!TryDecode(hex, out var bytes))
        {
            throw new FormatException("Invalid hexadecimal string: it needs an even number of the characters 0-9, a-f.");
        }

        return bytes;
    }

    public bool TryDecode(string? hex, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (hex is null || hex.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in hex)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        bytes = Convert.FromHexString(hex);
        return true;
    }

    public static bool IsWellFormed(string? hex) => hex is not null && hex.Length % 2 == 0 && hex.All(char.IsAsciiHexDigit);
}
