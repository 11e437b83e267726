using System.Globalization;
using System.Text;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Formatting;

/// <summary>How a listing reads in the results table and in its detail view.</summary>
public static class ListingText
{
    /// <summary>"0.00100000 BTC" or "25.00 EUR".</summary>
    public static string Price(Price? price) => price?.ValueCase switch
    {
        Api.V1.Price.ValueOneofCase.Sats => Btc.Format(price.Sats) + " BTC",
        Api.V1.Price.ValueOneofCase.Fiat => OfferText.Fiat(price.Fiat),
        _ => string.Empty,
    };

    public static string Vendor(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return listing.VendorName.Length > 0 ? listing.VendorName : NodeText.Short(listing.VendorNodeId);
    }

    /// <summary>"4.67 stars from 3 verified ratings (5 in all)" or "no ratings yet".</summary>
    public static string Rating(RatingSummary? rating) => rating switch
    {
        null or { Count: 0 } => "no ratings yet",
        { VerifiedCount: 0 } => $"{rating.Count} rating(s), none verified yet",
        _ => $"{rating.AverageVerified} stars from {rating.VerifiedCount} verified rating(s) ({rating.Count} in all)",
    };

    /// <summary>Title, price, description, shipping options and the rest, one per line.</summary>
    public static string Details(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        var content = listing.Content ?? new ListingContent();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{content.Title}  ({Price(content.Price)}, {content.Quantity} available, {content.Condition})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Vendor: {Vendor(listing)} {listing.VendorNodeId}, {Rating(listing.VendorRating)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Tags: {string.Join(", ", content.Tags)}");
        foreach (var option in content.ShippingOptions)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Shipping: {option.Name} to {string.Join(", ", option.Regions)} for {Price(option.Price)}");
        }

        text.AppendLine(content.Description);
        return text.ToString();
    }
}
