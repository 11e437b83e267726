namespace TradeNode.Core.Market.Listings;

/// <summary>What a vendor fills in to create or update a listing; <see cref="ListingService"/> checks every field.</summary>
public sealed record ListingDraft
{
    /// <summary>Title, 1 to 120 characters.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>Plain-text description, at most 8 KiB of UTF-8.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>Up to 10 lower-case tags of letters, digits and '-', each at most 32 characters.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Condition of the goods.</summary>
    public ListingCondition Condition { get; init; } = ListingCondition.New;

    /// <summary>Price of one unit.</summary>
    public ListingPrice Price { get; init; } = ListingPrice.InSats(0);

    /// <summary>Units available (0 = sold out).</summary>
    public int Quantity { get; init; } = 1;

    /// <summary>Ways to ship, at most 20; none for digital goods.</summary>
    public IReadOnlyList<ShippingOption> Shipping { get; init; } = [];

    /// <summary>Node ids ("tn1...") of the accepted arbitrators, at least one.</summary>
    public IReadOnlyList<string> Arbitrators { get; init; } = [];

    /// <summary>Terms of sale, at most 2 KiB.</summary>
    public string Terms { get; init; } = string.Empty;

    /// <summary>Refund policy, at most 2 KiB.</summary>
    public string RefundPolicy { get; init; } = string.Empty;

    /// <summary>The vendor's escrow extended public key for the node's network (the wallet provides it).</summary>
    public string EscrowXpub { get; init; } = string.Empty;
}
