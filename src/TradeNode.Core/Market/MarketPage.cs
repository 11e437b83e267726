namespace TradeNode.Core.Market;

/// <summary>One page of a query over the local book.</summary>
/// <typeparam name="T">Offer or listing.</typeparam>
/// <param name="Items">The items of this page, in the query's order.</param>
/// <param name="TotalCount">How many items match the filters in all pages.</param>
/// <param name="NextPageToken">Opaque token to pass back for the next page; null on the last page.</param>
public sealed record MarketPage<T>(IReadOnlyList<T> Items, int TotalCount, string? NextPageToken);
