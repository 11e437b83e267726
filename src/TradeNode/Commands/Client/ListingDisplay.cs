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

    public static void Write(TextWriter output, Listing listing)
    {
        var content = listing.Content ?? new ListingContent();
        new Fields()
            .Add("Listing id", listing.ListingId)
            .Add("Vendor", $"{listing.VendorNodeId}{(string.IsNullOrEmpty(listing.VendorName) ? string.Empty : $" ({listing.VendorName})")}{(listing.IsMine ? ", this node" : string.Empty)}")
            .Add("Vendor rating", RatingDisplay.Summary(listing.VendorRating))
            .Add("Title", content.Title)
            .Add("Price", Display.Price(content.Price))
            .Add("Quantity", content.Quantity.ToString(CultureInfo.InvariantCulture))
            .Add("Condition", Display.Condition(content.Condition))
            .Add("Tags", Display.List(content.Tags))
            .Add("Shipping", Display.List(content.ShippingOptions.Select(option => $"{option.Name} to {string.Join('/', option.Regions)} for {Display.Price(option.Price)}")))
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

    private static string Shorten(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 3), "...");
}
