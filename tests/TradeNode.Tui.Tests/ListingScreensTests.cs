using Terminal.Gui.Input;
using TradeNode.Api.V1;

namespace TradeNode.Tui.Tests;

/// <summary>My listings (F8) against a real node: the form's checks and the node's refusals next to their fields; create, edit, withdraw.</summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ListingScreensTests
{
    [Fact]
    public async Task A_listing_is_refused_with_messages_by_its_fields_then_published_edited_and_withdrawn_with_keysAsync()
    {
        await using var node = await NodeProcess.StartAsync();
        await node.Api.Wallet.CreateAsync(new CreateWalletRequest { Password = "correct horse battery" });
        var nodeId = (await node.Api.Node.GetInfoAsync(new GetInfoRequest())).NodeId;
        using var tui = new TuiHarness(node.Api);

        tui.Press(Key.F8);
        await tui.WaitForTextAsync("New listing");
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("Refunds:");
        tui.Type("Desk lamp");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab);
        tui.Type("abc");
        tui.Press(Key.Tab, Key.End, Key.Backspace);
        tui.Type("0");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab);
        tui.Press(Key.Enter);
        var local = await tui.WaitForTextAsync("Nothing was published");
        var localShipping = tui.Window.MyListings.Form.MessageFor("shipping_options");

        // Fix what the form checks; the shipping price in another unit than the price is the node's to refuse.
        tui.Press(Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift);
        Clear(tui);
        tui.Type("12.50 EUR");
        tui.Press(Key.Tab, Key.End, Key.Backspace);
        tui.Type("2");
        tui.Press(Key.Tab);
        tui.Type("Std:DE,AT:0.0001 BTC");
        tui.Press(Key.Tab);
        tui.Type(nodeId);
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var refused = await tui.WaitForTextAsync("must be in the same form as the listing price");
        var refusedSentence = tui.Window.MyListings.Form.GeneralMessage;
        var nothingYet = (await node.Api.Listings.ListMineAsync(new ListMyListingsRequest())).Listings.Count;

        tui.Press(Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift, Key.Tab.WithShift);
        Clear(tui);
        tui.Type("Std:DE,AT:4.90 EUR");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var published = await tui.WaitForScreenAsync(s => s.Contains("Listing 'Desk lamp' published.", StringComparison.Ordinal) && s.Contains("│Desk lamp│", StringComparison.Ordinal), "the new listing in the table");
        var created = Assert.Single((await node.Api.Listings.ListMineAsync(new ListMyListingsRequest())).Listings);

        // Enter on the row edits it: a new title saved as version 2.
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("Save listing");
        tui.Press(Key.End);
        tui.Type(", brass");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var saved = await tui.WaitForScreenAsync(s => s.Contains("Listing 'Desk lamp, brass' saved.", StringComparison.Ordinal) && s.Contains("│Desk lamp, brass│", StringComparison.Ordinal), "the edited listing in the table");
        var edited = Assert.Single((await node.Api.Listings.ListMineAsync(new ListMyListingsRequest())).Listings);

        tui.Press(Key.Delete);
        await tui.WaitForTextAsync("withdrawn");

        Assert.Contains("e.g. 0.0012 BTC or 45.00 EUR", Line(local, "Price:"), StringComparison.Ordinal);
        Assert.Contains("A whole number, at least 1.", Line(local, "Quantity:"), StringComparison.Ordinal);
        Assert.Contains("At least one", Line(local, "Shipping:"), StringComparison.Ordinal);
        Assert.StartsWith("At least one", localShipping, StringComparison.Ordinal);
        Assert.Contains("At least one arbitrator", Line(local, "Arbitrator id:"), StringComparison.Ordinal);
        Assert.DoesNotContain("Required", Line(local, "Title:"), StringComparison.Ordinal);
        Assert.Contains("The field shipping", Line(refused, "Shipping:"), StringComparison.Ordinal);
        Assert.Contains("must be in the same form as the listing price (EUR)", refusedSentence, StringComparison.Ordinal);
        Assert.Equal(0, nothingYet);
        Assert.Contains("Desk lamp", published, StringComparison.Ordinal);
        Assert.Equal("Desk lamp", created.Content.Title);
        Assert.Equal("12.5", created.Content.Price.Fiat.Amount);
        Assert.Equal(2, created.Content.Quantity);
        Assert.Equal("4.9", created.Content.ShippingOptions.Single().Price.Fiat.Amount);
        Assert.Equal(["DE", "AT"], created.Content.ShippingOptions.Single().Regions);
        Assert.Equal(created.ListingId, edited.ListingId);
        Assert.Equal("Desk lamp, brass", edited.Content.Title);
        Assert.True(edited.Sequence > created.Sequence);
        Assert.Contains("Desk lamp, brass", saved, StringComparison.Ordinal);
        await Poll.UntilAsync(async () => (await node.Api.Listings.ListMineAsync(new ListMyListingsRequest())).Listings.Count == 0, "the listing is withdrawn", TimeSpan.FromSeconds(30));
    }

    /// <summary>Empties the focused field.</summary>
    private static void Clear(TuiHarness tui)
    {
        tui.Press(Key.End);
        tui.Press([.. Enumerable.Repeat(Key.Backspace, 40)]);
    }

    private static string Line(string screen, string start) =>
        screen.Split('\n').FirstOrDefault(l => l.StartsWith(start, StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"No line starts with '{start}':\n{screen}");
}
