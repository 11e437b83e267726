namespace TradeNode.Core.Wallet;

/// <summary>The seed at rest: XChaCha20-Poly1305 ciphertext with its nonce, and the Argon2id salt and cost that made the key.</summary>
internal sealed record EncryptedSeed(byte[] Salt, byte[] Nonce, byte[] Ciphertext, long MemoryKiB, long Passes);
