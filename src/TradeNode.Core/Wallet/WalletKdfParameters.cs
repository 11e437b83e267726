namespace TradeNode.Core.Wallet;

/// <summary>
/// Argon2id cost parameters for the key that encrypts the seed: memory in KiB and passes (libsodium uses one lane).
/// They are stored next to the ciphertext, so they can be raised later without losing old wallets.
/// </summary>
public sealed record WalletKdfParameters(long MemoryKiB, long Passes)
{
    /// <summary>64 MiB and 3 passes: about 0.15 s on a laptop core, libsodium's interactive level with one more pass.</summary>
    public static WalletKdfParameters Default { get; } = new(64 * 1024, 3);

    /// <summary>The cheapest libsodium accepts (8 KiB, 1 pass): for tests only, it protects nothing.</summary>
    public static WalletKdfParameters InsecureForTests { get; } = new(8, 1);
}
