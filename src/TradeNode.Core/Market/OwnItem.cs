using TradeNode.P2P.Protocol;

namespace TradeNode.Core.Market;

/// <summary>An item this node publishes and keeps alive, as persisted in LiteDB.</summary>
/// <param name="Kind">Offer, listing or arbitrator profile.</param>
/// <param name="Key">The item key (offer or listing id, "arbitrator").</param>
/// <param name="Body">The serialized body, republished as is.</param>
/// <param name="Sequence">The sequence of the last published version.</param>
/// <param name="Ttl">Lifetime of each published version.</param>
/// <param name="Published">When the last version was published (its item creation time).</param>
/// <param name="Reservation">The coin reservation held for it, if any.</param>
internal sealed record OwnItem(ItemKind Kind, string Key, byte[] Body, ulong Sequence, TimeSpan Ttl, DateTimeOffset Published, string? Reservation)
{
    /// <summary>When the last published version expires.</summary>
    public DateTimeOffset Expires => Published + Ttl;
}
