using System.Diagnostics.CodeAnalysis;

namespace TradeNode.Bitcoin.Descriptors;

/// <summary>
/// The BIP380 descriptor checksum: eight characters after a '#' that catch typing errors (a BCH code over the
/// descriptor's characters, in the bech32 alphabet).
/// </summary>
public static class DescriptorChecksum
{
    /// <summary>Characters of a checksum.</summary>
    public const int Length = 8;

    // BIP380: the characters a descriptor may use, ordered so that the most common ones differ only in the low 5 bits.
    private const string InputCharset = "0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ";
    private const string ChecksumCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly ulong[] Generator = [0xf5dee51989, 0xa9fdca3312, 0x1bab10e32d, 0x3706b1677a, 0x644d626ffd];

    /// <summary>The checksum of a descriptor written without one.</summary>
    /// <exception cref="FormatException">The text has a character outside the descriptor character set.</exception>
    public static string Compute(string descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (!TryCompute(descriptor, out var checksum))
        {
            throw new FormatException("The descriptor has a character that descriptors do not use, so it has no checksum.");
        }

        return checksum;
    }

    public static bool TryCompute(string? descriptor, [NotNullWhen(true)] out string? checksum)
    {
        checksum = null;
        if (descriptor is null)
        {
            return false;
        }

        ulong c = 1;
        var groups = 0;
        var groupCount = 0;
        foreach (var ch in descriptor)
        {
            var position = InputCharset.IndexOf(ch, StringComparison.Ordinal);
            if (position < 0)
            {
                return false;
            }

            // BIP380: each character gives its low 5 bits, and every three characters give one more symbol from their high bits.
            c = PolyMod(c, (ulong)(position & 31));
            groups = (groups * 3) + (position >> 5);
            if (++groupCount == 3)
            {
                c = PolyMod(c, (ulong)groups);
                groups = 0;
                groupCount = 0;
            }
        }

        if (groupCount > 0)
        {
            c = PolyMod(c, (ulong)groups);
        }

        for (var i = 0; i < Length; i++)
        {
            c = PolyMod(c, 0);
        }

        c ^= 1;
        var chars = new char[Length];
        for (var i = 0; i < Length; i++)
        {
            chars[i] = ChecksumCharset[(int)((c >> (5 * (7 - i))) & 31)];
        }

        checksum = new string(chars);
        return true;
    }

    /// <summary>The descriptor followed by '#' and its checksum.</summary>
    public static string AddChecksum(string descriptor) => descriptor + "#" + Compute(descriptor);

    /// <summary>True when the text ends in '#' and the correct checksum of what comes before it.</summary>
    public static bool IsValid(string? descriptorWithChecksum) =>
        descriptorWithChecksum is not null
        && TrySplit(descriptorWithChecksum, requireChecksum: true, out _, out _);

    /// <summary>Separates the descriptor from its checksum and checks it (BIP380's rules, with Core's error sentences).</summary>
    internal static bool TrySplit(string text, bool requireChecksum, [NotNullWhen(true)] out string? body, out string error)
    {
        body = null;
        var hash = text.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            if (requireChecksum)
            {
                error = "The descriptor has no checksum ('#' and 8 characters at the end), and one is required.";
                return false;
            }

            if (!TryCompute(text, out _))
            {
                error = "The descriptor has a character that descriptors do not use.";
                return false;
            }

            body = text;
            error = string.Empty;
            return true;
        }

        if (text.IndexOf('#', hash + 1) >= 0)
        {
            error = "The descriptor has more than one '#'; only one may introduce the checksum.";
            return false;
        }

        var given = text[(hash + 1)..];
        if (given.Length != Length)
        {
            error = $"The checksum after '#' must be {Length} characters, not {given.Length}.";
            return false;
        }

        var payload = text[..hash];
        if (!TryCompute(payload, out var expected))
        {
            error = "The descriptor has a character that descriptors do not use.";
            return false;
        }

        if (!string.Equals(given, expected, StringComparison.Ordinal))
        {
            error = $"The descriptor's checksum '{SafeText(given)}' does not match its content; a character was mistyped or changed.";
            return false;
        }

        body = payload;
        error = string.Empty;
        return true;
    }

    private static ulong PolyMod(ulong c, ulong value)
    {
        var top = c >> 35;
        c = ((c & 0x7ffffffffUL) << 5) ^ value;
        for (var i = 0; i < Generator.Length; i++)
        {
            if (((top >> i) & 1) != 0)
            {
                c ^= Generator[i];
            }
        }

        return c;
    }

    private static string SafeText(string text) =>
        text.All(ch => ChecksumCharset.Contains(ch, StringComparison.Ordinal)) ? text : "(invalid characters)";
}
