using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using TradeNode.Bitcoin.Crypto;

namespace TradeNode.Bitcoin.DataEncoders;

/// <summary>Base58 (Bitcoin alphabet); with <see cref="IsCheck"/> the Base58Check form with a 4-byte SHA256d checksum.</summary>
public sealed class Base58Encoder
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Longest text accepted for decoding; nothing Bitcoin encodes in Base58 comes near it.</summary>
    public const int MaxDecodeLength = 1024;

    private static readonly sbyte[] Digits = BuildDigits();

    internal Base58Encoder(bool check)
    {
        IsCheck = check;
    }

    public bool IsCheck { get; }

    public string Encode(ReadOnlySpan<byte> data)
    {
        if (IsCheck)
        {
            var checksum = Hashes.DoubleSHA256(data);
            var withChecksum = new byte[data.Length + 4];
            data.CopyTo(withChecksum);
            checksum.AsSpan(0, 4).CopyTo(withChecksum.AsSpan(data.Length));
            return EncodePlain(withChecksum);
        }

        return EncodePlain(data);
    }

    public byte[] Decode(string text)
    {
        if (!TryDecode(text, out var data, out var error))
        {
            throw new FormatException(error);
        }

        return data;
    }

    public bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? data) => TryDecode(text, out data, out _);

    private bool TryDecode(string? text, [NotNullWhen(true)] out byte[]? data, out string error)
    {
        data = null;
        if (text is null)
        {
            error = "No Base58 text was given.";
            return false;
        }

        if (text.Length > MaxDecodeLength)
        {
            error = $"Base58 text is longer than {MaxDecodeLength} characters.";
            return false;
        }

        var trimmed = text.AsSpan().Trim();
        if (!TryDecodePlain(trimmed, out var raw))
        {
            error = "Invalid Base58 text: it contains a character outside the Base58 alphabet.";
            return false;
        }

        if (!IsCheck)
        {
            data = raw;
            error = string.Empty;
            return true;
        }

        if (raw.Length < 4)
        {
            error = "Base58Check text is too short to hold a checksum.";
            return false;
        }

        var payload = raw.AsSpan(0, raw.Length - 4);
        var checksum = Hashes.DoubleSHA256(payload);
        if (!checksum.AsSpan(0, 4).SequenceEqual(raw.AsSpan(raw.Length - 4)))
        {
            error = "Invalid Base58Check checksum: the text was mistyped or is not Base58Check.";
            return false;
        }

        data = payload.ToArray();
        error = string.Empty;
        return true;
    }

    private static string EncodePlain(ReadOnlySpan<byte> data)
    {
        var zeros = 0;
        while (zeros < data.Length && data[zeros] == 0)
        {
            zeros++;
        }

        var value = new BigInteger(data[zeros..], isUnsigned: true, isBigEndian: true);
        var chars = new List<char>(data.Length * 138 / 100 + 1);
        while (value > 0)
        {
            value = BigInteger.DivRem(value, 58, out var remainder);
            chars.Add(Alphabet[(int)remainder]);
        }

        chars.AddRange(Enumerable.Repeat('1', zeros));
        chars.Reverse();
        return new string([.. chars]);
    }

    private static bool TryDecodePlain(ReadOnlySpan<char> text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        BigInteger value = 0;
        foreach (var c in text[zeros..])
        {
            var digit = c < 128 ? Digits[c] : -1;
            if (digit < 0)
            {
                return false;
            }

            value = (value * 58) + digit;
        }

        var body = value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
        data = new byte[zeros + body.Length];
        body.CopyTo(data, zeros);
        return true;
    }

    private static sbyte[] BuildDigits()
    {
        var digits = new sbyte[128];
        Array.Fill(digits, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            digits[Alphabet[i]] = (sbyte)i;
        }

        return digits;
    }
}
