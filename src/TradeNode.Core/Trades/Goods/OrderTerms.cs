using TradeNode.Core.Errors;
using TradeNode.Core.Market;
using TradeNode.Core.Market.Listings;

namespace TradeNode.Core.Trades.Goods;

/// <summary>
/// What an order buys and what it costs, computed from one listing version: the escrow holds exactly
/// <c>unit price x quantity + shipping</c>. The buyer computes it to place the order; the vendor computes it again
/// from the listing version the contract names and refuses any difference. A listing priced in fiat is ordered at a
/// rate (fiat per bitcoin) the buyer states: the fiat total <c>unit price x quantity + shipping</c> is converted to
/// <c>ceil(total x 100,000,000 / rate)</c> satoshis (<see cref="FiatConversion.SatsFor"/>), and the unit and shipping
/// prices in satoshis are 0.
/// </summary>
/// <param name="OrderId">The order id.</param>
/// <param name="ListingId">The listing bought.</param>
/// <param name="ListingTitle">Its title.</param>
/// <param name="Quantity">Units bought.</param>
/// <param name="ShippingOption">The shipping option's name; empty for a listing without shipping options.</param>
/// <param name="UnitPriceSats">Price of one unit.</param>
/// <param name="ShippingSats">The shipping option's price.</param>
/// <param name="FiatTotal">For a listing priced in fiat: unit price x quantity + shipping, in the listing's currency; null otherwise.</param>
/// <param name="Rate">For a listing priced in fiat: the rate in fiat per bitcoin the order converts at; 0 otherwise.</param>
public sealed record OrderTerms(string OrderId, string ListingId, string ListingTitle, int Quantity, string ShippingOption, long UnitPriceSats, long ShippingSats,
    FiatAmount? FiatTotal = null, decimal Rate = 0)
{
    /// <summary>What the escrow holds: the satoshi prices added up, or the fiat total converted at <see cref="Rate"/>.</summary>
    public long AmountSats => FiatTotal is { } fiat ? FiatConversion.SatsFor(fiat.Amount, Rate) : checked((UnitPriceSats * Quantity) + ShippingSats);

    /// <summary>
    /// The terms of buying <paramref name="quantity"/> units of <paramref name="listing"/> shipped by
    /// <paramref name="shippingOption"/>, converted at <paramref name="rate"/> (fiat per bitcoin) when the listing is
    /// priced in fiat (null for a listing priced in satoshis); <see cref="InvalidInputException"/> naming the field when
    /// the listing cannot be ordered that way.
    /// </summary>
    public static OrderTerms For(string orderId, Listing listing, int quantity, string shippingOption, decimal? rate = null)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(shippingOption);
        if (listing.Price.Fiat is { } fiat)
        {
            return ForFiat(orderId, listing, quantity, shippingOption, fiat, rate);
        }

        if (rate is not null)
        {
            throw new InvalidInputException("rate", "The listing is priced in satoshis; give no rate.");
        }

        var unit = listing.Price.Sats ?? throw new InvalidInputException("listing_id", "The listing has no price.");
        CheckQuantity(listing, quantity);
        long shipping = 0;
        var name = string.Empty;
        if (listing.Shipping.Count > 0)
        {
            var option = Option(listing, shippingOption);
            shipping = option.Price.Sats ?? throw new InvalidInputException("shipping_option", "The shipping option is not priced in satoshis like the listing.");
            name = option.Name;
        }
        else if (shippingOption.Length > 0)
        {
            throw new InvalidInputException("shipping_option", "The listing ships nothing; leave the shipping option empty.");
        }

        return Checked(new OrderTerms(orderId, listing.Id, listing.Title, quantity, name, unit, shipping));
    }

    private static OrderTerms ForFiat(string orderId, Listing listing, int quantity, string shippingOption, FiatAmount unit, decimal? rate)
    {
        if (rate is not { } perBitcoin || perBitcoin <= 0)
        {
            throw new InvalidInputException("rate", $"The listing is priced in {unit.Currency}: give a positive rate in {unit.Currency} per bitcoin.");
        }

        CheckQuantity(listing, quantity);
        var shipping = 0m;
        var name = string.Empty;
        if (listing.Shipping.Count > 0)
        {
            var option = Option(listing, shippingOption);
            shipping = option.Price.Fiat is { } price && price.Currency == unit.Currency
                ? price.Amount
                : throw new InvalidInputException("shipping_option", $"The shipping option is not priced in {unit.Currency} like the listing.");
            name = option.Name;
        }
        else if (shippingOption.Length > 0)
        {
            throw new InvalidInputException("shipping_option", "The listing ships nothing; leave the shipping option empty.");
        }

        var total = (unit.Amount * quantity) + shipping;
        return Checked(new OrderTerms(orderId, listing.Id, listing.Title, quantity, name, 0, 0, new FiatAmount(unit.Currency, total), perBitcoin));
    }

    private static ShippingOption Option(Listing listing, string shippingOption) =>
        listing.Shipping.FirstOrDefault(o => string.Equals(o.Name, shippingOption, StringComparison.Ordinal))
            ?? throw new InvalidInputException("shipping_option", $"The shipping option must be one of the listing's: {string.Join(", ", listing.Shipping.Select(o => $"'{o.Name}'"))}.");

    private static void CheckQuantity(Listing listing, int quantity)
    {
        if (quantity < 1 || quantity > listing.Quantity)
        {
            throw new InvalidInputException("quantity", $"The quantity must be between 1 and the {listing.Quantity} units available, not {quantity}.");
        }
    }

    private static OrderTerms Checked(OrderTerms terms)
    {
        long amount;
        try
        {
            amount = terms.AmountSats;
        }
        catch (OverflowException)
        {
            amount = long.MaxValue;
        }

        if (amount <= 0 || amount > Bitcoin.Money.MaxSatoshis)
        {
            throw new InvalidInputException("quantity", $"The order would cost {(amount == long.MaxValue ? "more satoshis than exist" : $"{amount} sats")}, which cannot be escrowed.");
        }

        return terms;
    }
}
