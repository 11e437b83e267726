using TradeNode.Bitcoin.Fees;

namespace TradeNode.Core.Wallet;

/// <summary>Tunables of <see cref="WalletService"/>; the defaults suit a node, tests pass cheaper key derivation.</summary>
public sealed record WalletOptions
{
    /// <summary>How many unused addresses past the last used one are watched on each chain (BIP44's gap limit).</summary>
    public int GapLimit { get; init; } = 20;

    /// <summary>How long <see cref="WalletService.Unlock"/> keeps the keys in memory when no timeout is given.</summary>
    public TimeSpan UnlockTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The longest <see cref="WalletService.RunAsync"/> waits between two syncs (new mempool transactions show up
    /// then); it syncs sooner when the chain's tip changes or <see cref="WalletService.RequestSync"/> is called.
    /// </summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often <see cref="WalletService.RunAsync"/> asks the chain for its tip to notice a new block.</summary>
    public TimeSpan TipCheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

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
