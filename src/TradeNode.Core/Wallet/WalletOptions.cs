using TradeNode.Bitcoin.Fees;

namespace TradeNode.Core.Wallet;

/// <summary>Tunables of <see cref="WalletService"/>; the defaults suit a node, tests pass cheaper key derivation.</summary>
public sealed record WalletOptions
{
    /// <summary>How many unused addresses past the last used one are watched on each chain (BIP44's gap limit).</summary>
    public int GapLimit { get; init; } = 20;

    /// <summary>How long <see cref="WalletService.Unlock"/> keeps the keys in memory when no timeout is given.</summary>
    public TimeSpan UnlockTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often <see cref="WalletService.RunAsync"/> looks at the chain for new blocks and mempool transactions.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Argon2id cost for new wallets; existing wallets keep the parameters stored with their ciphertext.</summary>
    public WalletKdfParameters Kdf { get; init; } = WalletKdfParameters.Default;

    /// <summary>Confirmation target for the fee estimate when a send gives neither a fee rate nor a target.</summary>
    public int DefaultConfirmationTarget { get; init; } = 6;

    /// <summary>
    /// The fee rate expected in the long run: coin selection weighs spending a coin now against spending it later at
    /// this rate (Bitcoin Core's -consolidatefeerate, 10 sat/vB).
    /// </summary>
    public FeeRate LongTermFeeRate { get; init; } = FeeRate.FromSatoshisPerVByte(10);
}
