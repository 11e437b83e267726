using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace TradeNode.Core.Wallet;

/// <summary>
/// Encrypts the wallet seed with a password: Argon2id (NSec over libsodium) turns the password and a random 16-byte
/// salt into a 256-bit key for XChaCha20-Poly1305 with a random 24-byte nonce. The associated data binds the
/// ciphertext to its purpose and network, so a wallet record copied to another network does not decrypt.
/// </summary>
internal static class SeedEncryption
{
    private const long MaxMemoryKiB = 4L * 1024 * 1024;
    private const long MaxPasses = 64;

    private static readonly AeadAlgorithm Aead = AeadAlgorithm.XChaCha20Poly1305;

    public static EncryptedSeed Encrypt(ReadOnlySpan<byte> seed, string password, WalletKdfParameters kdf, string network)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(Aead.NonceSize);
        using var key = DeriveKey(password, salt, kdf.MemoryKiB, kdf.Passes);
        var ciphertext = Aead.Encrypt(key, nonce, AssociatedData(network), seed);
        return new EncryptedSeed(salt, nonce, ciphertext, kdf.MemoryKiB, kdf.Passes);
    }

    /// <summary>The seed, or null when the password is wrong (or the record was altered).</summary>
    public static byte[]? TryDecrypt(EncryptedSeed encrypted, string password, string network)
    {
        if (encrypted.MemoryKiB is < 8 or > MaxMemoryKiB || encrypted.Passes is < 1 or > MaxPasses
            || encrypted.Ciphertext.Length < Aead.TagSize || encrypted.Nonce.Length != Aead.NonceSize)
        {
            throw new InvalidOperationException("The stored wallet seed record is damaged.");
        }

        using var key = DeriveKey(password, encrypted.Salt, encrypted.MemoryKiB, encrypted.Passes);
        var seed = new byte[encrypted.Ciphertext.Length - Aead.TagSize];
        if (Aead.Decrypt(key, encrypted.Nonce, AssociatedData(network), encrypted.Ciphertext, seed))
        {
            return seed;
        }

        CryptographicOperations.ZeroMemory(seed);
        return null;
    }

    private static NSec.Cryptography.Key DeriveKey(string password, byte[] salt, long memoryKiB, long passes)
    {
        var parameters = new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes };
        var creation = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None };
        return PasswordBasedKeyDerivationAlgorithm.Argon2id(parameters).DeriveKey(password, salt, Aead, in creation);
    }

    private static byte[] AssociatedData(string network) => Encoding.UTF8.GetBytes("tradenode-wallet-seed-v1/" + network);
}
