namespace TradeNode.Core.Wallet.Storage;

/// <summary>
/// The wallet's one record: network, the watch-only account xpubs (BIP84 account 0 and the escrow account), the
/// master fingerprint, birthday, the encrypted seed, address indexes and how far the chain has been scanned.
/// </summary>
internal sealed class WalletMeta
{
    public required string Network { get; init; }

    public required string AccountXpub { get; init; }

    public required string EscrowXpub { get; init; }

    public required uint MasterFingerprint { get; init; }

    public required int Birthday { get; init; }

    public required EncryptedSeed Seed { get; init; }

    public required DateTimeOffset Created { get; init; }

    /// <summary>Next receive index <see cref="WalletService.NewAddress"/> hands out.</summary>
    public int ReceiveNext { get; set; }

    public int ChangeNext { get; set; }

    /// <summary>One past the highest receive index seen paid on chain (never decreases).</summary>
    public int ReceiveUsed { get; set; }

    public int ChangeUsed { get; set; }

    /// <summary>The last block height scanned (birthday - 1 before the first scan).</summary>
    public int ScannedHeight { get; set; }

    /// <summary>
    /// The node key (hex) of the identity this wallet's seed derives (<see cref="NodeIdentitySeed"/>); null for a wallet
    /// made before node identities came from the wallet, whose node keeps the random identity it had.
    /// </summary>
    public string? NodeKey { get; init; }
}
