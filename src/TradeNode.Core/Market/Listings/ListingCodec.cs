using Google.Protobuf;
using TradeNode.Bitcoin;
using TradeNode.Core.Errors;
using TradeNode.Core.Market.Offers;
using TradeNode.P2P.Identity;
using TradeNode.P2P.Protocol;
using Wire = TradeNode.Core.Protocol;

namespace TradeNode.Core.Market.Listings;

/// <summary>Listings between the domain and the wire, with one set of rules for drafts and received items.</summary>
internal static class ListingCodec
{
    public const int MaxTitleChars = 120;
    public const int MaxDescriptionBytes = 8 * 1024;
    public const int MaxTextBytes = 2 * 1024;
    public const int MaxTags = 10;
    public const int MaxTagChars = 32;
    public const int MaxShippingOptions = 20;
    public const int MaxRegions = 60;
    public const int MaxQuantity = 1_000_000;

    /// <summary>The body limit: the network's 16 KiB item limit less room for the item's own fields.</summary>
    public const int MaxBodyBytes = 15 * 1024;

    public static Wire.ListingBody Validate(ListingDraft draft, Network network, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var title = MarketRules.Text(draft.Title, "title", int.MaxValue, required: true);
        if (title.Length > MaxTitleChars)
        {
            throw new InvalidInputException("title", $"The field title is {title.Length} characters long; at most {MaxTitleChars} are allowed.");
        }

        var body = new Wire.ListingBody
        {
            Title = title,
            Description = MarketRules.Text(draft.Description, "description", MaxDescriptionBytes, required: false),
            Condition = draft.Condition switch
            {
                ListingCondition.New => Wire.ListingCondition.New,
                ListingCondition.Used => Wire.ListingCondition.Used,
                ListingCondition.Refurbished => Wire.ListingCondition.Refurbished,
                ListingCondition.Digital => Wire.ListingCondition.Digital,
                _ => throw new InvalidInputException("condition", "The field condition must be NEW, USED, REFURBISHED or DIGITAL."),
            },
            Terms = MarketRules.Text(draft.Terms, "terms", MaxTextBytes, required: false),
            RefundPolicy = MarketRules.Text(draft.RefundPolicy, "refund_policy", MaxTextBytes, required: false),
            CreatedUnixMs = created.ToUnixTimeMilliseconds(),
        };
        body.Tags.AddRange(Tags(draft.Tags));
        body.Price = Price(draft.Price, "price", null);
        if (draft.Quantity is < 0 or > MaxQuantity)
        {
            throw new InvalidInputException("quantity", $"The field quantity must be between 0 and {MaxQuantity}.");
        }

        body.Quantity = (uint)draft.Quantity;
        if (draft.Shipping is null || draft.Shipping.Count > MaxShippingOptions)
        {
            throw new InvalidInputException("shipping", $"The field shipping may hold at most {MaxShippingOptions} options.");
        }

        for (var i = 0; i < draft.Shipping.Count; i++)
        {
            body.Shipping.Add(Shipping(draft.Shipping[i], $"shipping[{i}]", draft.Price));
        }

        body.Arbitrators.AddRange(MarketRules.Arbitrators(draft.Arbitrators, "arbitrators").Select(a => a.ToString()));
        body.EscrowXpub = MarketRules.Xpub(draft.EscrowXpub, network, "escrow_xpub").ToString(network);
        var size = body.CalculateSize();
        if (size > MaxBodyBytes)
        {
            throw new InvalidInputException("description", $"The listing is {size} bytes encoded; at most {MaxBodyBytes} are allowed: shorten the description (the largest field).");
        }

        return body;
    }

    public static ListingDraft ToDraft(Wire.ListingBody body) => new()
    {
        Title = body.Title,
        Description = body.Description,
        Tags = body.Tags,
        Condition = (ListingCondition)(int)body.Condition,
        Price = FromWire(body.Price),
        Quantity = body.Quantity > MaxQuantity ? -1 : (int)body.Quantity,
        Shipping = [.. body.Shipping.Select(s => new ShippingOption(s.Name, s.Regions, FromWire(s.Price)))],
        Arbitrators = body.Arbitrators,
        Terms = body.Terms,
        RefundPolicy = body.RefundPolicy,
        EscrowXpub = body.EscrowXpub,
    };

    public static Listing? TryDecode(ItemContent content, Network network, out string reason)
    {
        ArgumentNullException.ThrowIfNull(content);
        reason = string.Empty;
        if (content.Kind != ItemKind.Listing || !MarketRules.IsId(content.Key))
        {
            reason = "the item key is not a listing id";
            return null;
        }

        try
        {
            var body = Wire.ListingBody.Parser.ParseFrom(content.Body);
            if (body.CreatedUnixMs <= 0 || body.CreatedUnixMs > content.CreatedUnixMs)
            {
                reason = "the listing's creation time is after the item's";
                return null;
            }

            var draft = ToDraft(body);
            var canonical = Validate(draft, network, DateTimeOffset.FromUnixTimeMilliseconds(body.CreatedUnixMs));
            var key = NodeKey.Create(content.Author.Span);
            return new Listing
            {
                Id = content.Key,
                VendorId = key.Id,
                VendorKey = key,
                Title = canonical.Title,
                Description = canonical.Description,
                Tags = [.. canonical.Tags],
                Condition = draft.Condition,
                Price = draft.Price,
                Quantity = draft.Quantity,
                Shipping = draft.Shipping,
                Arbitrators = [.. canonical.Arbitrators.Select(NodeId.Parse)],
                Terms = canonical.Terms,
                RefundPolicy = canonical.RefundPolicy,
                EscrowXpub = canonical.EscrowXpub,
                Created = DateTimeOffset.FromUnixTimeMilliseconds(body.CreatedUnixMs),
                Published = DateTimeOffset.FromUnixTimeMilliseconds(content.CreatedUnixMs),
                Expires = DateTimeOffset.FromUnixTimeMilliseconds(content.ExpiresUnixMs),
                Sequence = content.Sequence,
            };
        }
        catch (Exception e) when (e is InvalidInputException or FormatException or InvalidProtocolBufferException)
        {
            reason = e.Message;
            return null;
        }
    }

    private static IEnumerable<string> Tags(IReadOnlyList<string>? tags)
    {
        tags ??= [];
        if (tags.Count > MaxTags)
        {
            throw new InvalidInputException("tags", $"The field tags holds {tags.Count} tags; at most {MaxTags} are allowed.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            if (tag is null || tag.Length is 0 or > MaxTagChars || !tag.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                throw new InvalidInputException("tags", $"The field tags holds '{MarketRules.Shorten(tag)}'; a tag is 1 to {MaxTagChars} lower-case letters, digits or '-'.");
            }

            if (!seen.Add(tag))
            {
                throw new InvalidInputException("tags", $"The field tags holds '{tag}' twice.");
            }
        }

        return tags;
    }

    private static Wire.Price Price(ListingPrice? price, string field, ListingPrice? sameFormAs)
    {
        if (price is null || (price.Sats is null) == (price.Fiat is null))
        {
            throw new InvalidInputException(field, $"The field {field} must be either an amount in satoshis or a fiat amount.");
        }

        var zeroAllowed = sameFormAs is not null;
        if (sameFormAs is not null)
        {
            var same = sameFormAs.Sats is not null
                ? price.Sats is not null
                : price.Fiat is not null && price.Fiat.Currency == sameFormAs.Fiat?.Currency;
            if (!same)
            {
                throw new InvalidInputException(field, $"The field {field} must be in the same form as the listing price ({(sameFormAs.Sats is null ? sameFormAs.Fiat?.Currency : "satoshis")}).");
            }
        }

        if (price.Sats is { } sats)
        {
            return sats < (zeroAllowed ? 0 : 1) || sats > OfferRules.MaxTradeSats
                ? throw new InvalidInputException(field, $"The field {field} must be {(zeroAllowed ? "0" : "1")} to {OfferRules.MaxTradeSats} satoshis.")
                : new Wire.Price { Sats = sats };
        }

        var fiat = price.Fiat!;
        var currency = MarketRules.Currency(fiat.Currency, field);
        if (fiat.Amount < (zeroAllowed ? 0 : 0.000000001m) || fiat.Amount > OfferRules.MaxPrice)
        {
            throw new InvalidInputException(field, $"The field {field} must be {(zeroAllowed ? "at least 0" : "above 0")} and at most {Currencies.Format(OfferRules.MaxPrice)} {currency}.");
        }

        if (Currencies.DecimalPlaces(fiat.Amount) > Currencies.MinorUnits(currency))
        {
            throw new InvalidInputException(field, $"The field {field} has more decimal places than {currency}'s {Currencies.MinorUnits(currency)}.");
        }

        return new Wire.Price { Fiat = new Wire.FiatAmount { Currency = currency, Amount = Currencies.Format(fiat.Amount) } };
    }

    private static Wire.ShippingOption Shipping(ShippingOption? option, string field, ListingPrice? listingPrice)
    {
        if (option is null)
        {
            throw new InvalidInputException(field, $"The field {field} is empty.");
        }

        var result = new Wire.ShippingOption { Name = MarketRules.Text(option.Name, $"{field}.name", 64, required: true) };
        if (option.Regions is null || option.Regions.Count is 0 or > MaxRegions)
        {
            throw new InvalidInputException($"{field}.regions", $"The field {field}.regions needs 1 to {MaxRegions} ISO 3166-1 alpha-2 country codes or WORLD.");
        }

        foreach (var region in option.Regions)
        {
            if (region != "WORLD" && !(region is { Length: 2 } && region.All(c => c is >= 'A' and <= 'Z')))
            {
                throw new InvalidInputException($"{field}.regions", $"The field {field}.regions holds '{MarketRules.Shorten(region)}'; a region is an upper-case ISO 3166-1 alpha-2 code such as DE, or WORLD.");
            }
        }

        result.Regions.AddRange(option.Regions);
        result.Price = Price(option.Price, $"{field}.price", listingPrice ?? option.Price);
        return result;
    }

    private static ListingPrice FromWire(Wire.Price? price) => price?.AmountCase switch
    {
        Wire.Price.AmountOneofCase.Sats => ListingPrice.InSats(price.Sats),
        Wire.Price.AmountOneofCase.Fiat => new ListingPrice(null, new FiatAmount(price.Fiat.Currency, Currencies.TryParseDecimal(price.Fiat.Amount, out var amount) ? amount : -1)),
        _ => new ListingPrice(null, null),
    };
}
