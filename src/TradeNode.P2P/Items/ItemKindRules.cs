using TradeNode.P2P.Protocol;

namespace TradeNode.P2P.Items;

/// <summary>What the network accepts for one item kind.</summary>
/// <param name="Kind">The kind these rules are for.</param>
/// <param name="MaxContentBytes">The largest serialized <see cref="ItemContent"/>.</param>
/// <param name="MaxTtl">The longest time from creation to expiry.</param>
/// <param name="DifficultyBits">Leading zero bits the item id (SHA-256 of the content) must have.</param>
/// <param name="QuotaPerAuthor">How many live items of this kind one author may have.</param>
public sealed record ItemKindRules(ItemKind Kind, int MaxContentBytes, TimeSpan MaxTtl, int DifficultyBits, int QuotaPerAuthor);
