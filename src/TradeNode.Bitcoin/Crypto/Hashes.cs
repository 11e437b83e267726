using Org.BouncyCastle.Crypto.Digests;

namespace TradeNode.Bitcoin.Crypto;

/// <summary>The hash functions Bitcoin uses. SHA-2 comes from the BCL, RIPEMD-160 from BouncyCastle.</summary>
public static class Hashes
{
    public static byte[] SHA256(ReadOnlySpan<byte> data) => System.Security.Cryptography.SHA256.HashData(data);

    public static byte[] DoubleSHA256(ReadOnlySpan<byte> data)
    {
        Span<byte> first = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(data, first);
        return System.Security.Cryptography.SHA256.HashData(first);
    }

    public static UInt256 DoubleSHA256Hash(ReadOnlySpan<byte> data) => new(DoubleSHA256(data));

    public static byte[] SHA1(ReadOnlySpan<byte> data)
    {
#pragma warning disable CA5350 // OP_SHA1 is consensus; SHA-1 is not used for security here.
        return System.Security.Cryptography.SHA1.HashData(data);
#pragma warning restore CA5350
    }

    public static byte[] RIPEMD160(ReadOnlySpan<byte> data)
    {
        var digest = new RipeMD160Digest();
        digest.BlockUpdate(data);
        var output = new byte[20];
        digest.DoFinal(output);
        return output;
    }

    /// <summary>RIPEMD160(SHA256(data)), the hash behind key ids and script ids.</summary>
    public static byte[] Hash160(ReadOnlySpan<byte> data) => RIPEMD160(System.Security.Cryptography.SHA256.HashData(data));

    public static byte[] HMACSHA512(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) =>
        System.Security.Cryptography.HMACSHA512.HashData(key, data);

    /// <summary>BIP340 tagged hash: SHA256(SHA256(tag) || SHA256(tag) || data).</summary>
    public static byte[] TaggedHash(string tag, ReadOnlySpan<byte> data)
    {
        var tagHash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tag));
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(tagHash);
        sha.AppendData(tagHash);
        sha.AppendData(data);
        return sha.GetHashAndReset();
    }
}
