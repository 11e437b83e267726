using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>
/// The item rules a node enforces: per-kind limits (<see cref="ItemKindRules"/>) and the clock-skew bound. Every node
/// of one network must use the same policy. <see cref="Default"/> is the network's; <see cref="Testing"/> has a low
/// proof-of-work difficulty so that tests and simulations build items fast.
/// </summary>
public sealed class ItemPolicy
{
    public const int DefaultDifficultyBits = 10;

    public const int TestingDifficultyBits = 2;

    /// <summary>The longest author-scoped key, in characters.</summary>
    public const int MaxKeyLength = 128;

    private readonly Dictionary<ItemKind, ItemKindRules> _rules;

    public ItemPolicy(IEnumerable<ItemKindRules> rules, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = rules.ToDictionary(r => r.Kind);
        MaxClockSkew = maxClockSkew;
    }

    /// <summary>The network's policy: 10 bits of proof of work per item, 10 minutes of clock skew.</summary>
    public static ItemPolicy Default { get; } = WithDifficulty(DefaultDifficultyBits);

    /// <summary>The default limits with 2 bits of proof of work: for tests, simulations and benchmarks.</summary>
    public static ItemPolicy Testing { get; } = WithDifficulty(TestingDifficultyBits);

    /// <summary>How far in the future an item's creation time may be, against clocks that disagree.</summary>
    public TimeSpan MaxClockSkew { get; }

    /// <summary>The rules of every known kind.</summary>
    public IReadOnlyCollection<ItemKindRules> Rules => _rules.Values;

    /// <summary>
    /// The default limits with <paramref name="difficultyBits"/> of proof of work for every kind:
    /// offers and listings 16 KiB and 30 days, 100 live per author; arbitrator profiles 16 KiB, 30 days, 4;
    /// node profiles 4 KiB, 30 days, 1; ratings 16 KiB (they carry the signed contract), 30 days, 1000; tombstones 1 KiB, 31 days (they outlive
    /// what they remove), 1000; mailbox messages 48 KiB, 14 days, 200 (mailbox items use a one-time author key).
    /// </summary>
    public static ItemPolicy WithDifficulty(int difficultyBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(difficultyBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(difficultyBits, 64);
        var month = TimeSpan.FromDays(30);
        return new ItemPolicy(
            [
                new(ItemKind.Offer, 16 * 1024, month, difficultyBits, 100),
                new(ItemKind.Listing, 16 * 1024, month, difficultyBits, 100),
                new(ItemKind.ArbitratorProfile, 16 * 1024, month, difficultyBits, 4),
                new(ItemKind.NodeProfile, 4 * 1024, month, difficultyBits, 1),
                new(ItemKind.Rating, 16 * 1024, month, difficultyBits, 1000),
                new(ItemKind.Tombstone, 1024, month + TimeSpan.FromDays(1), difficultyBits, 1000),
                new(ItemKind.Mailbox, 48 * 1024, TimeSpan.FromDays(14), difficultyBits, 200),
            ],
            TimeSpan.FromMinutes(10));
    }

    /// <summary>The rules of <paramref name="kind"/>, or null for a kind this policy does not know.</summary>
    public ItemKindRules? For(ItemKind kind) => _rules.GetValueOrDefault(kind);

    /// <summary>The rules of <paramref name="kind"/>; throws for an unknown kind.</summary>
    public ItemKindRules Get(ItemKind kind) =>
        For(kind) ?? throw new ArgumentException($"The item policy has no rules for kind {kind}.", nameof(kind));
}
