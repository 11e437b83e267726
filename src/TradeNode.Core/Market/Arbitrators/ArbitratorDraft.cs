namespace TradeNode.Core.Market.Arbitrators;

/// <summary>What a node fills in to register as an arbitrator; <see cref="ArbitratorService.RegisterAsync"/> checks every field.</summary>
public sealed record ArbitratorDraft
{
    /// <summary>Display name, at most 64 characters.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Fee charged in a dispute, in basis points of the trade amount (0 to 1000, i.e. at most 10%).</summary>
    public int FeeBps { get; init; }

    /// <summary>ISO 639-1 language codes in lower case ("en", "de"), 1 to 20.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Free text about the arbitrator, at most 4 KiB.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The arbitrator's escrow extended public key for the node's network (the wallet provides it).</summary>
    public string EscrowXpub { get; init; } = string.Empty;
}
