using TradeNode.Api.V1;
using TradeNode.Core.Errors;
using TradeNode.P2P.Identity;
using CoreCondition = TradeNode.Core.Market.Listings.ListingCondition;
using CoreListing = TradeNode.Core.Market.Listings.Listing;
using CoreShipping = TradeNode.Core.Market.Listings.ShippingOption;
using CoreSort = TradeNode.Core.Market.Listings.ListingSort;
using ListingDraft = TradeNode.Core.Market.Listings.ListingDraft;
using ListingQuery = TradeNode.Core.Market.Listings.ListingQuery;

namespace TradeNode.Api.Mapping;

/// <summary>Listings, their content and searches between the API and Core.</summary>
internal static class ListingMapping
{
    public static Listing ToListing(CoreListing listing, NodeId self, NodeNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(listing);
        var content = new ListingContent
        {
            Title = listing.Title,
            Description = listing.Description,
            Condition = ToCondition(listing.Condition),
            Price = CommonMapping.ToPrice(listing.Price),
            Quantity = listing.Quantity,
            Terms = listing.Terms,
            RefundPolicy = listing.RefundPolicy,
        };
        content.Tags.AddRange(listing.Tags);
        content.ArbitratorNodeIds.AddRange(listing.Arbitrators.Select(a => a.ToString()));
        foreach (var option in listing.Shipping)
        {
            var shipping = new ShippingOption { Name = option.Name, Price = CommonMapping.ToPrice(option.Price) };
            shipping.Regions.AddRange(option.Regions);
            content.ShippingOptions.Add(shipping);
        }

        return new Listing
        {
            ListingId = listing.Id,
            VendorNodeId = listing.VendorId.ToString(),
            VendorName = names.Of(listing.VendorKey.ToHex()),
            Content = content,
            VendorEscrowXpub = listing.EscrowXpub,
            Sequence = listing.Sequence,
            CreatedAt = CommonMapping.ToTimestamp(listing.Created),
            ExpiresAt = CommonMapping.ToTimestamp(listing.Expires),
            IsMine = listing.VendorId == self,
            VersionHash = listing.Version.ToString(),
        };
    }

    /// <summary>The Core draft of <paramref name="content"/> with the vendor's escrow xpub from the wallet.</summary>
    public static ListingDraft ToDraft(ListingContent? content, string escrowXpub)
    {
        if (content is null)
        {
            throw new InvalidInputException("content", "The field content is required: the listing's title, price and the rest.");
        }

        return new ListingDraft
        {
            Title = content.Title,
            Description = content.Description,
            Tags = [.. content.Tags],
            Condition = content.Condition switch
            {
                ItemCondition.New => CoreCondition.New,
                ItemCondition.Used => CoreCondition.Used,
                ItemCondition.Refurbished => CoreCondition.Refurbished,
                ItemCondition.Digital => CoreCondition.Digital,
                _ => throw new InvalidInputException("content.condition", "The field content.condition must be NEW, USED, REFURBISHED or DIGITAL."),
            },
            Price = CommonMapping.FromPrice(content.Price, "content.price"),
            Quantity = content.Quantity,
            Shipping = [.. content.ShippingOptions.Select((option, i) =>
                new CoreShipping(option.Name, [.. option.Regions], CommonMapping.FromPrice(option.Price, $"content.shipping_options[{i}].price")))],
            Arbitrators = [.. content.ArbitratorNodeIds],
            Terms = content.Terms,
            RefundPolicy = content.RefundPolicy,
            EscrowXpub = escrowXpub,
        };
    }

    public static ListingQuery ToQuery(V1.ListingQuery? query, V1.ListingSort sort, PageRequest? page)
    {
        query ??= new V1.ListingQuery();
        return new ListingQuery
        {
            Text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text,
            Tags = [.. query.Tags],
            Vendor = CommonMapping.ParseNodeId(query.VendorNodeId, "query.vendor_node_id"),
            Condition = query.Condition switch
            {
                ItemCondition.Unspecified => null,
                ItemCondition.New => CoreCondition.New,
                ItemCondition.Used => CoreCondition.Used,
                ItemCondition.Refurbished => CoreCondition.Refurbished,
                ItemCondition.Digital => CoreCondition.Digital,
                _ => throw new InvalidInputException("query.condition", "The field query.condition is not a known condition."),
            },
            Sort = sort switch
            {
                V1.ListingSort.Unspecified => CoreSort.Relevance,
                V1.ListingSort.Newest => CoreSort.Newest,
                V1.ListingSort.PriceAscending => CoreSort.Price,
                V1.ListingSort.PriceDescending => CoreSort.PriceDescending,
                _ => throw new InvalidInputException("sort", "The field sort is not a known order."),
            },
            PageSize = page?.PageSize ?? 0,
            PageToken = string.IsNullOrEmpty(page?.PageToken) ? null : page.PageToken,
        };
    }

    private static ItemCondition ToCondition(CoreCondition condition) => condition switch
    {
        CoreCondition.New => ItemCondition.New,
        CoreCondition.Used => ItemCondition.Used,
        CoreCondition.Refurbished => ItemCondition.Refurbished,
        CoreCondition.Digital => ItemCondition.Digital,
        _ => ItemCondition.Unspecified,
    };
}
