using System.Net;
using System.Net.Sockets;
using Terminal.Gui.Input;
using TradeNode.Api.Contracts.Client;
using TradeNode.Api.V1;
using TradeNode.Tui.Formatting;

namespace TradeNode.Tui.Tests;

/// <summary>The screens against a real <c>tradenode node</c> on loopback, drawn headless at 80x24.</summary>
[Collection(TuiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ScreensTests
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Market_shows_an_offer_created_through_the_API_live_and_its_terms_on_EnterAsync()
    {
        await using var node = await StartFundedAsync();
        var nodeId = (await node.Api.Node.GetInfoAsync(new GetInfoRequest())).NodeId;
        await node.Api.Offers.CreateAsync(Offer(OfferDirection.Buy, 1_000_000, "61000", nodeId));
        using var tui = new TuiHarness(node.Api);

        var first = await tui.WaitForTextAsync("61000 EUR");
        var second = (await node.Api.Offers.CreateAsync(Offer(OfferDirection.Sell, 2_000_000, "60500.5", nodeId, terms: "Weekdays only"))).Offer;
        var both = await tui.WaitForTextAsync("60500.5 EUR");
        tui.Press(Key.Enter);
        var details = await tui.WaitForTextAsync("Offer " + second.OfferId);

        var rows = Lines(both).Where(l => l.Contains(" EUR", StringComparison.Ordinal) && l.Contains("SEPA", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains("SELL", rows[0], StringComparison.Ordinal);
        Assert.Contains("0.02000000", rows[0], StringComparison.Ordinal);
        Assert.Contains("BUY", rows[1], StringComparison.Ordinal);
        Assert.Contains("0.01000000", rows[1], StringComparison.Ordinal);
        Assert.Contains("SELL bitcoin at 60500.5 EUR per BTC", details, StringComparison.Ordinal);
        Assert.Contains("Amount: 0.02000000 BTC (1210.01 EUR)", details, StringComparison.Ordinal);
        Assert.Contains("Take", details, StringComparison.Ordinal);
        Assert.Contains("F10", Lines(details)[23], StringComparison.Ordinal);
        Assert.DoesNotContain("Trades API", details, StringComparison.Ordinal);
        Assert.Contains("regtest", Lines(first)[0], StringComparison.Ordinal);
        Assert.Contains(nodeId[..12], Lines(first)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wallet_screen_shows_the_funded_balance_and_the_receive_address_as_a_QR_codeAsync()
    {
        await using var node = await StartFundedAsync();
        var balance = await node.Api.Wallet.GetBalanceAsync(new GetBalanceRequest());
        using var tui = new TuiHarness(node.Api);

        tui.Press(Key.F3);
        var screen = await tui.WaitForScreenAsync(s => s.Contains("Receive to bcrt1", StringComparison.Ordinal) && s.Contains("Available " + Btc.Format(balance.AvailableSats), StringComparison.Ordinal), "the balance and an address");

        var address = tui.Window.Wallet.ReceiveAddress;
        Assert.StartsWith("bcrt1", address, StringComparison.Ordinal);
        Assert.True(balance.AvailableSats > 0);
        var lines = Lines(screen);
        var qr = QrText.Render(address.ToUpperInvariant());
        var top = lines.FindIndex(l => l.StartsWith(qr[0], StringComparison.Ordinal));
        Assert.True(top > 0, "the QR code's first line is on screen");
        for (var i = 0; i < qr.Count; i++)
        {
            Assert.StartsWith(qr[i], lines[top + i], StringComparison.Ordinal);
        }

        Assert.Contains("Unlocked", screen, StringComparison.Ordinal);
        Assert.Matches(@"^Unlocked +Password: +⟦ Unlock ⟧ ⟦ Lock ⟧ ⟦ New address ⟧ *$", lines.Single(l => l.StartsWith("Unlocked", StringComparison.Ordinal)));
        Assert.Matches(@"^Available \d+\.\d{8} BTC  confirmed [\d.]+  unconfirmed [\d.]+  reserved [\d.]+ *$", lines[3]);
        Assert.Contains(Btc.Format(balance.AvailableSats) + " BTC", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_wallet_s_words_stay_on_screen_until_written_down_while_creation_shows_progressAsync()
    {
        await using var node = await NodeProcess.StartAsync();
        using var tui = new TuiHarness(node.Api);

        tui.Press(Key.F3);
        await tui.WaitForTextAsync("no wallet yet");
        tui.Type(Password);
        tui.Press(Key.Tab, Key.Tab, Key.Enter);
        var busy = tui.Session.Busy.ToList();
        var drawn = tui.Drawn;
        var words = await tui.WaitForScreenAsync(s => s.Contains("WRITE THESE WORDS DOWN", StringComparison.Ordinal) && s.Contains("0.00000000 BTC", StringComparison.Ordinal), "the words once the node line knows the wallet");
        var status = await node.Api.Wallet.GetStatusAsync(new GetWalletStatusRequest());
        tui.Press(Key.Enter);
        var wallet = await tui.WaitForTextAsync("Receive to bcrt1");

        Assert.Equal(["Creating the wallet"], busy);
        Assert.Contains("Creating the wallet…", Lines(drawn)[2], StringComparison.Ordinal);
        Assert.True(status.Exists);
        var shown = words[(words.IndexOf("can spend them.", StringComparison.Ordinal) + 15)..words.IndexOf("They also restore", StringComparison.Ordinal)];
        Assert.Equal(12, shown.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Count(w => w.All(char.IsAsciiLetterLower)));
        Assert.Contains("I have written them down", words, StringComparison.Ordinal);
        Assert.DoesNotContain("WRITE THESE WORDS", wallet, StringComparison.Ordinal);
        Assert.Empty(tui.Session.Busy);
        Assert.DoesNotContain("Creating the wallet", wallet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_offer_form_shows_the_node_s_message_next_to_the_price_it_refusesAsync()
    {
        await using var node = await StartFundedAsync();
        using var tui = new TuiHarness(node.Api);

        tui.Press(Key.F4);
        await tui.WaitForTextAsync("New offer");
        tui.Press(Key.Enter);
        await tui.WaitForTextAsync("Price per BTC:");
        tui.Press(Key.Tab);
        tui.Type("0.01");
        tui.Press(Key.Tab, Key.Tab);
        tui.Type("abc");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var screen = await tui.WaitForTextAsync("The field price");

        var priceLine = Lines(screen).Single(l => l.StartsWith("Price per BTC:", StringComparison.Ordinal));
        Assert.Contains("abc", priceLine, StringComparison.Ordinal);
        Assert.Contains("The field price", priceLine, StringComparison.Ordinal);
        Assert.StartsWith("The field price must be a decimal", tui.Window.MyOffers.Form.MessageFor("price"), StringComparison.Ordinal);
        Assert.Empty(tui.Window.MyOffers.Form.MessageFor("amount_sats"));
        Assert.Empty((await node.Api.Offers.ListMineAsync(new ListMyOffersRequest())).Offers);
    }

    [Fact]
    public async Task Edit_offer_and_Enter_on_a_row_open_the_form_with_the_offer_and_save_a_new_price_under_its_idAsync()
    {
        await using var node = await StartFundedAsync();
        var nodeId = (await node.Api.Node.GetInfoAsync(new GetInfoRequest())).NodeId;
        var offer = (await node.Api.Offers.CreateAsync(Offer(OfferDirection.Buy, 1_000_000, "61000", nodeId, terms: "Evenings"))).Offer;
        using var tui = new TuiHarness(node.Api);

        tui.Press(Key.F4);
        await tui.WaitForScreenAsync(s => s.Contains("Edit offer", StringComparison.Ordinal) && s.Contains(offer.OfferId[..8], StringComparison.Ordinal), "my offer in the table");
        tui.Press(Key.Tab, Key.Enter);
        var form = await tui.WaitForTextAsync("Save offer");
        var prefilled = tui.Window.MyOffers.Form.Editing;
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.End);
        tui.Press([.. Enumerable.Repeat(Key.Backspace, 20)]);
        tui.Type("63000");
        tui.Press(Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Tab, Key.Enter);
        var saved = await tui.WaitForScreenAsync(s => s.Contains($"Offer {offer.OfferId[..8]} saved.", StringComparison.Ordinal) && s.Contains("63000 EUR", StringComparison.Ordinal), "the edited offer in the table");
        var edited = Assert.Single((await node.Api.Offers.ListMineAsync(new ListMyOffersRequest())).Offers);

        // Back on the table, Enter on the row opens the form again with the saved offer.
        tui.Press(Key.Enter);
        var again = await tui.WaitForScreenAsync(s => s.Contains("Save offer", StringComparison.Ordinal) && s.Contains("63000", StringComparison.Ordinal), "the form with the saved offer");

        Assert.Equal(offer.OfferId, prefilled?.OfferId);
        Assert.Contains("61000", Lines(form).Single(l => l.StartsWith("Price per BTC:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("0.01000000", Lines(form).Single(l => l.StartsWith("Amount BTC:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("BUY", Lines(form).Single(l => l.StartsWith("Direction:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("Evenings", Lines(form).Single(l => l.StartsWith("Terms:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(offer.OfferId, edited.OfferId);
        Assert.Equal("63000", edited.Price.Amount);
        Assert.Equal(OfferDirection.Buy, edited.Direction);
        Assert.Equal(1_000_000, edited.AmountSats);
        Assert.Equal("Evenings", edited.Terms);
        Assert.Contains("63000 EUR", saved, StringComparison.Ordinal);
        Assert.Contains("63000", Lines(again).Single(l => l.StartsWith("Price per BTC:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(offer.OfferId, tui.Window.MyOffers.Form.Editing?.OfferId);
    }

    [Fact]
    public async Task Without_a_node_the_app_says_it_cannot_reach_one_and_how_to_start_itAsync()
    {
        using var api = ApiConnection.Open(new ApiConnectionOptions { Url = new Uri($"http://127.0.0.1:{UnusedPort()}"), ApiKey = new string('a', 64) });
        using var tui = new TuiHarness(api);

        var screen = await tui.WaitForTextAsync("Is the node running?");

        Assert.Contains("Not connected to a node", Lines(screen)[0], StringComparison.Ordinal);
        Assert.Contains("Cannot reach the node's API", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", screen, StringComparison.Ordinal);
    }

    private static async Task<NodeProcess> StartFundedAsync()
    {
        var node = await NodeProcess.StartAsync();
        await node.Api.Wallet.CreateAsync(new CreateWalletRequest { Password = Password });
        await node.Api.Wallet.FundAsync(new FundRequest { Blocks = 105 });
        return node;
    }

    private static CreateOfferRequest Offer(OfferDirection direction, long sats, string price, string arbitrator, string terms = "") => new()
    {
        Direction = direction,
        AmountSats = sats,
        Price = price,
        Currency = "EUR",
        PaymentMethodId = "SEPA",
        ArbitratorNodeIds = { arbitrator },
        Terms = terms,
    };

    private static List<string> Lines(string screen) => [.. screen.Split('\n').Select(l => l.TrimEnd('\r'))];

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
