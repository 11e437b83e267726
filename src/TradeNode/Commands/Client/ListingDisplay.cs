using System.Globalization;
using TradeNode.Api.V1;

namespace TradeNode.Commands.Client;

/// <summary>Listings as people read them: a table row per listing, or every field of one.</summary>
internal static class ListingDisplay
{
    public static TextTable CreateTable() =>
        new TextTable("LISTING ID", "TITLE", "PRICE", "QTY", "CONDITION", "TAGS", "VENDOR").AlignRight("PRICE", "QTY");

    public static void AddRow(TextTable table, Listing listing)
    {
        var content = listing.Content ?? new ListingContent();
        table.Add(
            listing.ListingId,
            Shorten(content.Title, 40),
            Display.Price(content.Price),
            content.Quantity.ToString(CultureInfo.InvariantCulture),
            Display.Condition(content.Condition),
            Display.List(content.Tags),
            (listing.IsMine ? "(me) " : string.Empty) + Display.OrDash(string.IsNullOrEmpty(listing.VendorName) ? listing.VendorNodeId : listing.VendorName));
    }

    public static void WriteTable(TextWriter output, SearchListingsResponse response)
    {
        var table = CreateTable();
        foreach (var listing in response.Listings)
        {
            AddRow(table, listing);
        }

        table.Write(output, "No listings.");
        PageOptions.WriteFooter(output, response.Listings.Count, response.Page);
    }

    /// <summary>Every field of <paramref name="listing"/>; fiat prices also in approximate satoshis at <paramref name="reference"/> when it has a price.</summary>
    public static void Write(TextWriter output, Listing listing, MarketPrice? reference = null)
    {
        var content = listing.Content ?? new ListingContent();
        new Fields()
            .Add("Listing id", listing.ListingId)
            .Add("Vendor", $"{listing.VendorNodeId}{(string.IsNullOrEmpty(listing.VendorName) ? string.Empty : $" ({listing.VendorName})")}{(listing.IsMine ? ", this node" : string.Empty)}")
            .Add("Vendor rating", RatingDisplay.Summary(listing.VendorRating))
            .Add("Title", content.Title)
            .Add("Price", Display.Price(content.Price) + Approximate(content.Price, reference))
            .Add("Quantity", content.Quantity.ToString(CultureInfo.InvariantCulture))
            .Add("Condition", Display.Condition(content.Condition))
            .Add("Tags", Display.List(content.Tags))
            .Add("Shipping", Display.List(content.ShippingOptions.Select(option => $"{option.Name} to {string.Join('/', option.Regions)} for {Display.Price(option.Price)}{Approximate(option.Price, reference)}")))
            .Add("Arbitrators", Display.List(content.ArbitratorNodeIds))
            .Add("Terms", Display.OrDash(content.Terms))
            .Add("Refund policy", Display.OrDash(content.RefundPolicy))
            .Add("Version", $"{listing.Sequence.ToString(CultureInfo.InvariantCulture)} ({listing.VersionHash})")
            .Add("Created", Display.Time(listing.CreatedAt))
            .Add("Expires", Display.Time(listing.ExpiresAt))
            .Write(output);
        if (content.Description.Length > 0)
        {
            output.WriteLine();
            output.WriteLine(content.Description);
        }
    }

    /// <summary>" (about 32,645 sats at 61234.5 EUR/BTC, median of 3 offers)" for a fiat price with a reference price; empty otherwise.</summary>
    private static string Approximate(Price? price, MarketPrice? reference)
    {
        if (price?.ValueCase != Price.ValueOneofCase.Fiat || reference is not { HasPrice: true } || reference.Currency != price.Fiat.Currency
            || !Core.Market.Currencies.TryParseDecimal(price.Fiat.Amount, out var amount) || amount < 0
            || !Core.Market.FiatConversion.TryParseRate(reference.Price, out var rate))
        {
            return string.Empty;
        }

        var sats = Core.Market.FiatConversion.SatsFor(amount, rate);
        return $" (about {Display.Sats(sats)} sats at {reference.Price} {reference.Currency}/BTC, median of {reference.OfferCount.ToString(CultureInfo.InvariantCulture)} offers)";
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 3), "...");
}
