using TradeNode.Core.Errors;
using TradeNode.Core.Market.Listings;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// What an order buys and what it costs, computed from one listing version: the escrow holds exactly
/// <c>unit price x quantity + shipping</c>. The buyer computes it to place the order; the vendor computes it again
/// from the listing version the contract names and refuses any difference. Only listings priced in satoshis can be
/// ordered (a fiat price would need an exchange rate both sides agree on).
/// </summary>
/// <param name="OrderId">The order id.</param>
/// <param name="ListingId">The listing bought.</param>
/// <param name="ListingTitle">Its title.</param>
/// <param name="Quantity">Units bought.</param>
/// <param name="ShippingOption">The shipping option's name; empty for a listing without shipping options.</param>
/// <param name="UnitPriceSats">Price of one unit.</param>
/// <param name="ShippingSats">The shipping option's price.</param>
public sealed record OrderTerms(string OrderId, string ListingId, string ListingTitle, int Quantity, string ShippingOption, long UnitPriceSats, long ShippingSats)
{
    /// <summary>What the escrow holds.</summary>
    public long AmountSats => checked((UnitPriceSats * Quantity) + ShippingSats);

    /// <summary>
    /// The terms of buying <paramref name="quantity"/> units of <paramref name="listing"/> shipped by
    /// <paramref name="shippingOption"/>; <see cref="InvalidInputException"/> naming the field when the listing cannot be
    /// ordered that way.
    /// </summary>
    public static OrderTerms For(string orderId, Listing listing, int quantity, string shippingOption)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(shippingOption);
        if (listing.Price.Sats is not { } unit)
        {
            throw new InvalidInputException("listing_id", $"The listing is priced in {listing.Price}; only listings priced in satoshis can be ordered.");
        }

        if (quantity < 1 || quantity > listing.Quantity)
        {
            throw new InvalidInputException("quantity", $"The quantity must be between 1 and the {listing.Quantity} units available, not {quantity}.");
        }

        long shipping = 0;
        var name = string.Empty;
        if (listing.Shipping.Count > 0)
        {
            var option = listing.Shipping.FirstOrDefault(o => string.Equals(o.Name, shippingOption, StringComparison.Ordinal))
                ?? throw new InvalidInputException("shipping_option", $"The shipping option must be one of the listing's: {string.Join(", ", listing.Shipping.Select(o => $"'{o.Name}'"))}.");
            shipping = option.Price.Sats ?? throw new InvalidInputException("shipping_option", "The shipping option is priced in fiat; only satoshi prices can be ordered.");
            name = option.Name;
        }
        else if (shippingOption.Length > 0)
        {
            throw new InvalidInputException("shipping_option", "The listing ships nothing; leave the shipping option empty.");
        }

        var terms = new OrderTerms(orderId, listing.Id, listing.Title, quantity, name, unit, shipping);
        if (terms.AmountSats <= 0 || terms.AmountSats > Bitcoin.Money.MaxSatoshis)
        {
            throw new InvalidInputException("quantity", $"The order would cost {terms.AmountSats} sats, which cannot be escrowed.");
        }

        return terms;
    }
}
