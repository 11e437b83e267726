using TradeNode.P2P.Identity;

namespace TradeNode.Core.Market.Arbitrators;

/// <summary>A node's published arbitrator profile: who it is and what trade parties need to name it as arbitrator.</summary>
public sealed record ArbitratorProfile
{
    /// <summary>The arbitrator's node id.</summary>
    public required NodeId NodeId { get; init; }

    /// <summary>The arbitrator's Ed25519 key, which signed the profile.</summary>
    public required NodeKey NodeKey { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Fee in basis points of the trade amount.</summary>
    public required int FeeBps { get; init; }

    /// <summary>ISO 639-1 language codes.</summary>
    public required IReadOnlyList<string> Languages { get; init; }

    /// <summary>Free text about the arbitrator.</summary>
    public required string Description { get; init; }

    /// <summary>The escrow extended public key trade parties derive the arbitrator's per-trade key from.</summary>
    public required string EscrowXpub { get; init; }

    /// <summary>When this version was published.</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>When this version expires unless refreshed.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>The sequence of this version.</summary>
    public required ulong Sequence { get; init; }
}
