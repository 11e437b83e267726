using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>
/// Bech32 and Bech32m (BIP173, BIP350) for one human-readable part, plus the segwit address rules on top:
/// version 0 uses Bech32 with a 20- or 32-byte program, versions 1 to 16 use Bech32m with 2 to 40 bytes.
/// </summary>
public sealed class Bech32Encoder
{
    /// <summary>BIP173's limit on the whole string, HRP and separator and checksum included.</summary>
    public const int MaxLength = 90;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    private static readonly sbyte[] CharsetReverse = BuildReverse();

    internal Bech32Encoder(string hrp)
    {
        ArgumentNullException.ThrowIfNull(hrp);
        if (hrp.Length is 0 or > MaxLength - 7 || hrp.Any(c => c < 33 || c > 126))
        {
            throw new ArgumentException("A Bech32 human-readable part is 1 to 83 printable US-ASCII characters.", nameof(hrp));
        }

        HumanReadablePart = hrp.ToLowerInvariant();
    }

    /// <summary>The human-readable part, in lower case (for example "bc", "tb", "bcrt").</summary>
    public string HumanReadablePart { get; }

    /// <summary>Encodes 5-bit values (each 0..31) with this encoder's HRP and the checksum of <paramref name="type"/>.</summary>
    public string EncodeData(ReadOnlySpan<byte> data, Bech32EncodingType type)
    {
        foreach (var value in data)
        {
            if (value > 31)
            {
                throw new ArgumentException("Bech32 data values are 5-bit numbers from 0 to 31.", nameof(data));
            }
        }

        if (HumanReadablePart.Length + 1 + data.Length + ChecksumLength > MaxLength)
        {
            throw new ArgumentException($"The Bech32 string would be longer than {MaxLength} characters.", nameof(data));
        }

        var checksum = CreateChecksum(HumanReadablePart, data, type);
        var chars = new char[HumanReadablePart.Length + 1 + data.Length + ChecksumLength];
        HumanReadablePart.CopyTo(chars);
        chars[HumanReadablePart.Length] = '1';
        var offset = HumanReadablePart.Length + 1;
        foreach (var value in data)
        {
            chars[offset++] = Charset[value];
        }

        foreach (var value in checksum)
        {
            chars[offset++] = Charset[value];
        }

        return new string(chars);
    }

    /// <summary>Decodes a Bech32 or Bech32m string whose HRP must be this encoder's; returns the 5-bit data values.</summary>
    public byte[] DecodeDataRaw(string encoded, out Bech32EncodingType type)
    {
        if (!TryDecodeString(encoded, out var hrp, out var data, out type, out var error))
        {
            throw new FormatException(error);
        }

        if (hrp != HumanReadablePart)
        {
            throw new FormatException($"The Bech32 string has the human-readable part '{hrp}', expected '{HumanReadablePart}'.");
        }

        return data;
    }

    /// <summary>Encodes a segwit address: the witness version and program, with the checksum BIP350 assigns to that version.</summary>
    public string Encode(byte witnessVersion, ReadOnlySpan<byte> witnessProgram)
    {
        if (CheckWitnessProgram(witnessVersion, witnessProgram.Length) is { } problem)
        {
            throw new ArgumentException(problem, nameof(witnessProgram));
        }

        var data = new List<byte>(1 + ((witnessProgram.Length * 8) + 4) / 5) { witnessVersion };
        data.AddRange(ConvertBits(witnessProgram, 8, 5, pad: true)!);
        return EncodeData(data.ToArray(), witnessVersion == 0 ? Bech32EncodingType.Bech32 : Bech32EncodingType.Bech32m);
    }

    /// <summary>Decodes a segwit address for this HRP; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public byte[] Decode(string address, out byte witnessVersion)
    {
        if (!TryDecode(address, out witnessVersion, out var program, out var error))
        {
            throw new FormatException(error);
        }

        return program;
    }

    public bool TryDecode(string? address, out byte witnessVersion, [NotNullWhen(true)] out byte[]? witnessProgram) =>
        TryDecode(address, out witnessVersion, out witnessProgram, out _);

    /// <summary>The segwit decoding with the reason for a failure, for callers that build their own messages.</summary>
    public bool TryDecode(string? address, out byte witnessVersion, [NotNullWhen(true)] out byte[]? witnessProgram, out string error)
    {
        witnessVersion = 0;
        witnessProgram = null;
        if (!TryDecodeString(address, out var hrp, out var data, out var type, out error))
        {
            return false;
        }

        if (hrp != HumanReadablePart)
        {
            error = $"The address has the human-readable part '{hrp}', expected '{HumanReadablePart}'.";
            return false;
        }

        if (data.Length == 0)
        {
            error = "The segwit address has an empty data section: no witness version.";
            return false;
        }

        if (data[0] > 16)
        {
            error = $"Invalid witness version {data[0]}: segwit versions run from 0 to 16.";
            return false;
        }

        var expectedType = data[0] == 0 ? Bech32EncodingType.Bech32 : Bech32EncodingType.Bech32m;
        if (type != expectedType)
        {
            error = $"Invalid checksum: witness version {data[0]} addresses use {expectedType} (BIP350), this one uses {type}.";
            return false;
        }

        var program = ConvertBits(data.AsSpan(1), 5, 8, pad: false);
        if (program is null)
        {
            error = "Invalid padding in the segwit program: more than 4 bits of padding, or padding bits that are not zero.";
            return false;
        }

        if (CheckWitnessProgram(data[0], program.Length) is { } problem)
        {
            error = problem;
            return false;
        }

        witnessVersion = data[0];
        witnessProgram = program;
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Decodes any Bech32 or Bech32m string, whatever its HRP (returned in lower case), into 5-bit data values.
    /// Throws <see cref="FormatException"/> naming the first rule broken.
    /// </summary>
    public static byte[] DecodeString(string encoded, out string hrp, out Bech32EncodingType type)
    {
        if (!TryDecodeString(encoded, out hrp, out var data, out type, out var error))
        {
            throw new FormatException(error);
        }

        return data;
    }

    public static bool TryDecodeString(string? encoded, out string hrp, [NotNullWhen(true)] out byte[]? data, out Bech32EncodingType type, out string error)
    {
        hrp = string.Empty;
        data = null;
        type = Bech32EncodingType.Bech32;
        if (string.IsNullOrEmpty(encoded))
        {
            error = "No Bech32 text was given.";
            return false;
        }

        if (encoded.Length > MaxLength)
        {
            error = $"Bech32 text is longer than the {MaxLength} characters BIP173 allows.";
            return false;
        }

        bool hasLower = false, hasUpper = false;
        foreach (var c in encoded)
        {
            if (c < 33 || c > 126)
            {
                error = "Bech32 text may only hold printable US-ASCII characters (33 to 126).";
                return false;
            }

            hasLower |= c is >= 'a' and <= 'z';
            hasUpper |= c is >= 'A' and <= 'Z';
        }

        if (hasLower && hasUpper)
        {
            error = "Bech32 text mixes upper and lower case.";
            return false;
        }

        var lower = encoded.ToLowerInvariant();
        var separator = lower.LastIndexOf('1');
        if (separator < 0)
        {
            error = "Bech32 text has no '1' separator.";
            return false;
        }

        if (separator == 0)
        {
            error = "Bech32 text has an empty human-readable part before the '1' separator.";
            return false;
        }

        if (lower.Length - separator - 1 < ChecksumLength)
        {
            error = "Bech32 text is too short after the '1' separator to hold the 6-character checksum.";
            return false;
        }

        var values = new byte[lower.Length - separator - 1];
        for (var i = 0; i < values.Length; i++)
        {
            var c = lower[separator + 1 + i];
            var value = c < 128 ? CharsetReverse[c] : -1;
            if (value < 0)
            {
                error = $"Bech32 text has the character '{c}' after the separator, which is not in the Bech32 alphabet.";
                return false;
            }

            values[i] = (byte)value;
        }

        var prefix = lower[..separator];
        var polymod = Polymod(prefix, values);
        if (polymod == Bech32Constant)
        {
            type = Bech32EncodingType.Bech32;
        }
        else if (polymod == Bech32mConstant)
        {
            type = Bech32EncodingType.Bech32m;
        }
        else
        {
            error = "Invalid Bech32 checksum: the text was mistyped or is not Bech32/Bech32m.";
            return false;
        }

        hrp = prefix;
        data = values[..^ChecksumLength];
        error = string.Empty;
        return true;
    }

    /// <summary>
    /// Regroups bits, most significant first (BIP173's convertbits). Without <paramref name="pad"/> (decoding), returns null
    /// when the leftover bits would fill a whole input group or are not all zero, and for any value wider than <paramref name="fromBits"/>.
    /// </summary>
    public static byte[]? ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var maxAcc = (1 << (fromBits + toBits - 1)) - 1;
        var result = new List<byte>((data.Length * fromBits / toBits) + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0)
            {
                return null;
            }

            acc = ((acc << fromBits) | value) & maxAcc;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (toBits - bits)) & maxValue));
            }
        }
        else if (bits >= fromBits || ((acc << (toBits - bits)) & maxValue) != 0)
        {
            return null;
        }

        return [.. result];
    }

    /// <summary>BIP350's rule for which witness versions and program lengths make an address; null when they do.</summary>
    internal static string? CheckWitnessProgram(int version, int programLength)
    {
        if (version is < 0 or > 16)
        {
            return $"Invalid witness version {version}: segwit versions run from 0 to 16.";
        }

        if (programLength is < 2 or > 40)
        {
            return $"Invalid witness program length {programLength}: a witness program is 2 to 40 bytes.";
        }

        if (version == 0 && programLength is not (20 or 32))
        {
            return $"Invalid witness program length {programLength} for witness version 0: BIP141 allows 20 or 32 bytes.";
        }

        return null;
    }

    private static byte[] CreateChecksum(string hrp, ReadOnlySpan<byte> data, Bech32EncodingType type)
    {
        var values = new byte[data.Length + ChecksumLength];
        data.CopyTo(values);
        var polymod = Polymod(hrp, values) ^ (type == Bech32EncodingType.Bech32 ? Bech32Constant : Bech32mConstant);
        var checksum = new byte[ChecksumLength];
        for (var i = 0; i < ChecksumLength; i++)
        {
            checksum[i] = (byte)((polymod >> (5 * (5 - i))) & 31);
        }

        return checksum;
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> values)
    {
        uint chk = 1;
        foreach (var c in hrp)
        {
            chk = PolymodStep(chk) ^ (uint)(c >> 5);
        }

        chk = PolymodStep(chk);
        foreach (var c in hrp)
        {
            chk = PolymodStep(chk) ^ (uint)(c & 31);
        }

        foreach (var value in values)
        {
            chk = PolymodStep(chk) ^ value;
        }

        return chk;
    }

    private static uint PolymodStep(uint pre)
    {
        var b = pre >> 25;
        return ((pre & 0x1ffffff) << 5)
            ^ ((b & 1) != 0 ? 0x3b6a57b2u : 0)
            ^ ((b & 2) != 0 ? 0x26508e6du : 0)
            ^ ((b & 4) != 0 ? 0x1ea119fau : 0)
            ^ ((b & 8) != 0 ? 0x3d4233ddu : 0)
            ^ ((b & 16) != 0 ? 0x2a1462b3u : 0);
    }

    private static sbyte[] BuildReverse()
    {
        var reverse = new sbyte[128];
        Array.Fill(reverse, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            reverse[Charset[i]] = (sbyte)i;
        }

        return reverse;
    }
}
