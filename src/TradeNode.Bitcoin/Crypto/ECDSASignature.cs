using System.Diagnostics.CodeAnalysis;
using Org.BouncyCastle.Math;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>An ECDSA signature (r, s) with DER encoding, strict (BIP66) and lax (Bitcoin Core's) parsing.</summary>
public sealed class ECDSASignature
{
    public ECDSASignature(BigInteger r, BigInteger s)
    {
        R = r;
        S = s;
    }

    public BigInteger R { get; }

    public BigInteger S { get; }

    /// <summary>True when s is at most half the curve order (BIP62/BIP146 LOW_S).</summary>
    public bool IsLowS => S.CompareTo(Secp256k1.HalfN) <= 0;

    /// <summary>True when r encodes in 32 bytes without a sign byte, so the DER form is at most 71 bytes.</summary>
    public bool IsLowR => R.BitLength < 256;

    /// <summary>The same signature with s replaced by n - s when s is high.</summary>
    public ECDSASignature MakeCanonical() => IsLowS ? this : new ECDSASignature(R, Secp256k1.N.Subtract(S));

    public byte[] ToDER()
    {
        var r = R.ToByteArray(); // two's complement, big-endian, minimal: a leading 0x00 where the top bit is set
        var s = S.ToByteArray();
        var result = new byte[6 + r.Length + s.Length];
        result[0] = 0x30;
        result[1] = (byte)(4 + r.Length + s.Length);
        result[2] = 0x02;
        result[3] = (byte)r.Length;
        r.CopyTo(result, 4);
        result[4 + r.Length] = 0x02;
        result[5 + r.Length] = (byte)s.Length;
        s.CopyTo(result, 6 + r.Length);
        return result;
    }

    /// <summary>Parses a strict DER signature (no hash type byte); throws <see cref="FormatException"/> otherwise.</summary>
    public static ECDSASignature FromDER(ReadOnlySpan<byte> der)
    {
        if (!TryParseStrict(der, out var sig))
        {
            throw new FormatException("Not a strict DER-encoded ECDSA signature.");
        }

        return sig;
    }

    public static bool TryParseStrict(ReadOnlySpan<byte> der, [NotNullWhen(true)] out ECDSASignature? signature)
    {
        signature = null;
        if (der.Length < 8 || der.Length > 72)
        {
            return false;
        }

        // Reuse the BIP66 check by appending a placeholder hash type byte.
        Span<byte> withHashType = stackalloc byte[der.Length + 1];
        der.CopyTo(withHashType);
        withHashType[^1] = 0x01;
        if (!IsValidEncoding(withHashType))
        {
            return false;
        }

        var rLength = der[3];
        var r = new BigInteger(1, der.Slice(4, rLength).ToArray());
        var sLength = der[5 + rLength];
        var s = new BigInteger(1, der.Slice(6 + rLength, sLength).ToArray());
        signature = new ECDSASignature(r, s);
        return true;
    }

    /// <summary>
    /// BIP66 strict DER check of a signature followed by its one-byte hash type
    /// (Bitcoin Core's IsValidSignatureEncoding).
    /// </summary>
    public static bool IsValidEncoding(ReadOnlySpan<byte> sig)
    {
        // Format: 0x30 [total-length] 0x02 [R-length] [R] 0x02 [S-length] [S] [sighash]
        if (sig.Length < 9 || sig.Length > 73)
        {
            return false;
        }

        if (sig[0] != 0x30 || sig[1] != sig.Length - 3)
        {
            return false;
        }

        int lenR = sig[3];
        if (5 + lenR >= sig.Length)
        {
            return false;
        }

        int lenS = sig[5 + lenR];
        if (lenR + lenS + 7 != sig.Length)
        {
            return false;
        }

        if (sig[2] != 0x02 || lenR == 0 || (sig[4] & 0x80) != 0)
        {
            return false;
        }

        if (lenR > 1 && sig[4] == 0x00 && (sig[5] & 0x80) == 0)
        {
            return false;
        }

        if (sig[lenR + 4] != 0x02 || lenS == 0 || (sig[lenR + 6] & 0x80) != 0)
        {
            return false;
        }

        return !(lenS > 1 && sig[lenR + 6] == 0x00 && (sig[lenR + 7] & 0x80) == 0);
    }

    /// <summary>
    /// Parses a signature the way Bitcoin Core does before BIP66 (ecdsa_signature_parse_der_lax): tolerant of
    /// bad lengths and padding. Values that overflow the curve order give r = s = 0, which never verifies.
    /// Returns false only when the bytes are not a DER-like structure at all.
    /// </summary>
    public static bool TryParseLax(ReadOnlySpan<byte> input, [NotNullWhen(true)] out ECDSASignature? signature)
    {
        signature = null;
        var pos = 0;
        if (pos == input.Length || input[pos] != 0x30)
        {
            return false;
        }

        pos++;
        if (pos == input.Length)
        {
            return false;
        }

        int lenByte = input[pos++];
        if ((lenByte & 0x80) != 0)
        {
            lenByte -= 0x80;
            if (lenByte > input.Length - pos)
            {
                return false;
            }

            pos += lenByte;
        }

        if (!TryReadLaxInteger(input, ref pos, out var rStart, out var rLength)
            || !TryReadLaxInteger(input, ref pos, out var sStart, out var sLength))
        {
            return false;
        }

        var r = LaxScalar(input.Slice(rStart, rLength));
        var s = LaxScalar(input.Slice(sStart, sLength));
        if (r is null || s is null)
        {
            r = BigInteger.Zero;
            s = BigInteger.Zero;
        }

        signature = new ECDSASignature(r, s);
        return true;
    }

    private static bool TryReadLaxInteger(ReadOnlySpan<byte> input, ref int pos, out int start, out int length)
    {
        start = 0;
        length = 0;
        if (pos == input.Length || input[pos] != 0x02)
        {
            return false;
        }

        pos++;
        if (pos == input.Length)
        {
            return false;
        }

        int lenByte = input[pos++];
        long len;
        if ((lenByte & 0x80) != 0)
        {
            lenByte -= 0x80;
            if (lenByte > input.Length - pos)
            {
                return false;
            }

            while (lenByte > 0 && input[pos] == 0)
            {
                pos++;
                lenByte--;
            }

            if (lenByte >= 8)
            {
                return false;
            }

            len = 0;
            while (lenByte > 0)
            {
                len = (len << 8) + input[pos];
                pos++;
                lenByte--;
            }
        }
        else
        {
            len = lenByte;
        }

        if (len > input.Length - pos)
        {
            return false;
        }

        start = pos;
        length = (int)len;
        pos += length;
        return true;
    }

    /// <summary>A big-endian integer of at most 32 significant bytes below the curve order, else null (overflow).</summary>
    private static BigInteger? LaxScalar(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0 && bytes[0] == 0)
        {
            bytes = bytes[1..];
        }

        if (bytes.Length > 32)
        {
            return null;
        }

        var value = new BigInteger(1, bytes.ToArray());
        return value.CompareTo(Secp256k1.N) >= 0 ? null : value;
    }
}
