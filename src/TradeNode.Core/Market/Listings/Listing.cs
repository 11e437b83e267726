using TradeNode.P2P.Identity;
using TradeNode.P2P.Items;

namespace TradeNode.Core.Market.Listings;

/// <summary>A goods listing as the local book holds it: the decoded body of a signed LISTING item plus the item's facts.</summary>
public sealed record Listing
{
    /// <summary>The listing id: the item key, 32 lowercase hex characters.</summary>
    public required string Id { get; init; }

    /// <summary>The vendor's node id.</summary>
    public required NodeId VendorId { get; init; }

    /// <summary>The vendor's Ed25519 key, which signed the item.</summary>
    public required NodeKey VendorKey { get; init; }

    /// <summary>Title.</summary>
    public required string Title { get; init; }

    /// <summary>Plain-text description.</summary>
    public required string Description { get; init; }

    /// <summary>Lower-case tags.</summary>
    public required IReadOnlyList<string> Tags { get; init; }

    /// <summary>Condition of the goods.</summary>
    public required ListingCondition Condition { get; init; }

    /// <summary>Price of one unit.</summary>
    public required ListingPrice Price { get; init; }

    /// <summary>Units available.</summary>
    public required int Quantity { get; init; }

    /// <summary>Ways to ship.</summary>
    public required IReadOnlyList<ShippingOption> Shipping { get; init; }

    /// <summary>Accepted arbitrators.</summary>
    public required IReadOnlyList<NodeId> Arbitrators { get; init; }

    /// <summary>Terms of sale.</summary>
    public required string Terms { get; init; }

    /// <summary>Refund policy.</summary>
    public required string RefundPolicy { get; init; }

    /// <summary>The vendor's escrow extended public key, as published.</summary>
    public required string EscrowXpub { get; init; }

    /// <summary>
    /// The id of the signed item holding this version (SHA-256 of its content): an order names the exact version it
    /// buys. Default when the book does not hold the item (an own listing that expired while the node was down).
    /// </summary>
    public ItemId Version { get; init; }

    /// <summary>When the vendor created the listing (updates keep it).</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>When the current version was published (an update or a refresh).</summary>
    public required DateTimeOffset Published { get; init; }

    /// <summary>When the current version expires unless refreshed.</summary>
    public required DateTimeOffset Expires { get; init; }

    /// <summary>The sequence of the current version.</summary>
    public required ulong Sequence { get; init; }
}
