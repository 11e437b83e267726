using System.Text.Json;
using System.Text.RegularExpressions;
using TradeNode.Tests.Api;
using TradeNode.Tests.Commands;
using TradeNode.Tests.P2P;

namespace TradeNode.Tests.Cli;

/// <summary>Wallet, offer, listing and arbitrator verbs through the real executable against a real node on the embedded regtest chain.</summary>
[Collection(NodeProcessCollection.Name)]
public sealed partial class ClientMarketTests() : ApiProcessTestBase("cli-market")
{
    private const string Password = "correct horse battery";

    [Fact]
    public async Task Wallet_is_created_funded_locked_unlocked_and_sends_through_the_cli()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");

        var before = await CliAsync(node, "wallet", "status");
        var created = await CliWithStdinAsync(node, Password + "\n", "wallet", "create", "--password-stdin");
        var again = await CliWithStdinAsync(node, Password + "\n", "wallet", "create", "--password-stdin");
        var funded = await CliAsync(node, "wallet", "fund", "--blocks", "101");
        var balance = await CliAsync(node, "wallet", "balance");
        var balanceJson = await CliAsync(node, "wallet", "balance", "--json");
        var address = await CliAsync(node, "wallet", "address");
        var locked = await CliAsync(node, "wallet", "lock");
        var sendLocked = await CliAsync(node, "wallet", "send", AddressOf(address), "0.001btc");
        var wrongPassword = await CliWithStdinAsync(node, "not the password\n", "wallet", "unlock", "--password-stdin");
        var unlocked = await CliWithStdinAsync(node, Password + "\n", "wallet", "unlock", "--password-stdin", "--timeout", "10m");
        var sent = await CliAsync(node, "wallet", "send", AddressOf(address), "0.001btc", "--json");
        var transactions = await CliAsync(node, "wallet", "transactions", "--json");
        var watched = await CliAsync(node, "wallet", "watch", "--count", "1", "--json");

        CliAssert.Success(before);
        Assert.Contains("none", before.Stdout, StringComparison.Ordinal);
        CliAssert.Success(created);
        Assert.Contains("Write these words down", created.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^[a-z]+( [a-z]+){11}$", created.Stdout);
        Assert.DoesNotContain(Password, created.Stdout + created.Stderr, StringComparison.Ordinal);
        CliAssert.ApiError(again);
        CliAssert.Success(funded);
        Assert.Contains("Mined 101 blocks to the wallet.", funded.Stdout, StringComparison.Ordinal);
        CliAssert.Success(balance);
        Assert.Matches(@"(?m)^Available:\s+\d+\.\d{8} BTC\s+[\d,]+ sats$", balance.Stdout);
        var available = long.Parse(Json(balanceJson).GetProperty("availableSats").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(available >= 100_000, balanceJson.ToString());
        CliAssert.Success(address);
        Assert.StartsWith("bcrt1q", address.Stdout, StringComparison.Ordinal);
        CliAssert.Success(locked);
        CliAssert.ApiError(sendLocked);
        CliAssert.ApiError(wrongPassword);
        CliAssert.Success(unlocked);
        Assert.StartsWith("Wallet unlocked until ", unlocked.Stdout, StringComparison.Ordinal);
        CliAssert.Success(sent);
        var txid = Json(sent).GetProperty("txid").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", txid);
        Assert.Equal("100000", Json(sent).GetProperty("amountSats").GetString());
        CliAssert.Success(transactions);
        Assert.Contains(Json(transactions).GetProperty("transactions").EnumerateArray(), tx => tx.GetProperty("txid").GetString() == txid);
        CliAssert.Success(watched);
        Assert.True(Json(watched).GetProperty("exists").GetBoolean(), watched.ToString());
    }

    [Fact]
    public async Task A_wallet_restored_from_the_mnemonic_on_stdin_derives_the_same_addresses()
    {
        var a = await StartNodeAsync("a", "--insecure-kdf");
        var b = await StartNodeAsync("b", "--insecure-kdf");
        var created = await CliWithStdinAsync(a, Password + "\n", "wallet", "create", "--password-stdin");
        var mnemonic = MnemonicLine().Match(created.Stdout).Value;

        var badWords = await CliWithStdinAsync(b, "abandon abandon zoo\n" + Password + "\n", "wallet", "restore", "--password-stdin");
        var restored = await CliWithStdinAsync(b, mnemonic + "\n" + Password + "\n", "wallet", "restore", "--password-stdin", "--json");
        var addressA = await CliAsync(a, "wallet", "address", "--json");
        var addressB = await CliAsync(b, "wallet", "address", "--json");

        CliAssert.ApiError(badWords);
        Assert.DoesNotContain("abandon", badWords.Stderr, StringComparison.Ordinal);
        CliAssert.Success(restored);
        Assert.DoesNotContain(mnemonic, restored.Stdout, StringComparison.Ordinal);
        Assert.Equal(Json(addressA).GetProperty("address").GetString(), Json(addressB).GetProperty("address").GetString());
    }

    [Fact]
    public async Task Offers_are_created_listed_as_json_watched_and_cancelled_through_the_cli()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        await CreateFundedWalletAsync(node);

        var created = await CliAsync(node, "offers", "create", "--direction", "sell", "--amount", "0.01btc", "--min-amount", "500000", "--price", "62000.50", "--currency", "EUR", "--payment-method", "SEPA", "--arbitrator", node.NodeId, "--json");
        var id = Json(created).GetProperty("offer").GetProperty("offerId").GetString()!;
        var sells = await CliAsync(node, "offers", "list", "--direction", "sell", "--currency", "EUR", "--json");
        var buys = await CliAsync(node, "offers", "list", "--direction", "buy", "--json");
        var table = await CliAsync(node, "offers", "list");
        var mine = await CliAsync(node, "offers", "mine");
        var shown = await CliAsync(node, "offers", "get", id);
        var edited = await CliAsync(node, "offers", "edit", id, "--price", "63000", "--terms", "Edited.", "--json");
        var badEdit = await CliAsync(node, "offers", "edit", id, "--min-amount", "0.02btc");
        var reserved = await CliAsync(node, "wallet", "balance", "--json");
        var watched = await CliAsync(node, "offers", "watch", "--count", "1", "--json");
        var methods = await CliAsync(node, "offers", "payment-methods");
        var cancelled = await CliAsync(node, "offers", "cancel", id);
        var afterCancel = await CliAsync(node, "offers", "list", "--json");
        var cancelledAgain = await CliAsync(node, "offers", "cancel", id);

        CliAssert.Success(created);
        CliAssert.Success(sells);
        var offer = Assert.Single(Json(sells).GetProperty("offers").EnumerateArray());
        Assert.Equal(id, offer.GetProperty("offerId").GetString());
        Assert.Equal("OFFER_DIRECTION_SELL", offer.GetProperty("direction").GetString());
        Assert.Equal("1000000", offer.GetProperty("amountSats").GetString());
        Assert.Equal("500000", offer.GetProperty("minAmountSats").GetString());
        Assert.Equal(62000.50m, decimal.Parse(offer.GetProperty("price").GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(Json(buys).GetProperty("offers").EnumerateArray());
        CliAssert.Success(table);
        Assert.Matches(@"(?m)^OFFER ID\s+DIR\s+PRICE\s+AMOUNT BTC\s+FIAT\s+METHOD\s+MAKER$", table.Stdout);
        Assert.Matches($@"(?m)^{id}\s+SELL\s+62000\.50? EUR\s+0\.00500000-0\.01000000\s+\S+ EUR\s+SEPA\s+\(me\) ", table.Stdout);
        Assert.Contains(id, mine.Stdout, StringComparison.Ordinal);
        CliAssert.Success(shown);
        Assert.Matches(@"(?m)^Amount:\s+0\.00500000 BTC \(500,000 sats\) to 0\.01000000 BTC \(1,000,000 sats\)$", shown.Stdout);
        CliAssert.Success(edited);
        var editedOffer = Json(edited).GetProperty("offer");
        Assert.Equal(id, editedOffer.GetProperty("offerId").GetString());
        Assert.Equal("63000", editedOffer.GetProperty("price").GetProperty("amount").GetString());
        Assert.Equal("Edited.", editedOffer.GetProperty("terms").GetString());
        Assert.Equal("1000000", editedOffer.GetProperty("amountSats").GetString());
        Assert.Equal("500000", editedOffer.GetProperty("minAmountSats").GetString());
        Assert.Equal(2, badEdit.ExitCode);
        Assert.NotEqual("0", Json(reserved).GetProperty("heldByOffersSats").GetString());
        CliAssert.Success(watched);
        Assert.Equal("CHANGE_KIND_ADDED", Json(watched).GetProperty("kind").GetString());
        Assert.Equal(id, Json(watched).GetProperty("offer").GetProperty("offerId").GetString());
        Assert.Matches(@"(?m)^SEPA\s+SEPA credit transfer\s+6 d\s+EUR$", methods.Stdout);
        CliAssert.Success(cancelled);
        Assert.Equal($"Offer {id} cancelled.", cancelled.Stdout.Trim());
        Assert.Empty(Json(afterCancel).GetProperty("offers").EnumerateArray());
        CliAssert.ApiError(cancelledAgain);
    }

    [Fact]
    public async Task Listings_are_created_found_by_text_and_tag_updated_and_deleted_and_arbitrators_registered_through_the_cli()
    {
        var node = await StartNodeAsync("a", "--insecure-kdf");
        await CreateFundedWalletAsync(node);

        var registered = await CliAsync(node, "arbitrators", "register", "--name", "Carol", "--fee", "1.5%", "--language", "en", "--language", "DE");
        var arbitrators = await CliAsync(node, "arbitrators", "list");
        var created = await CliAsync(node, "listings", "create", "--title", "Used ThinkPad X220", "--description", "8 GB RAM, new SSD", "--tag", "laptop", "--tag", "Thinkpad", "--condition", "used", "--price", "0.002btc", "--shipping", "Standard:DE,AT:5000", "--arbitrator", node.NodeId, "--json");
        var id = Json(created).GetProperty("listing").GetProperty("listingId").GetString()!;
        var watched = await CliAsync(node, "listings", "watch", "--tag", "laptop", "--count", "1", "--json");
        var byText = await CliAsync(node, "listings", "search", "--text", "thinkpad");
        var byTag = await CliAsync(node, "listings", "search", "--tag", "laptop", "--json");
        var otherTag = await CliAsync(node, "listings", "search", "--tag", "phone", "--json");
        var updated = await CliAsync(node, "listings", "update", id, "--price", "180000", "--quantity", "2");
        var shown = await CliAsync(node, "listings", "get", id, "--json");
        var mine = await CliAsync(node, "listings", "mine");
        var deleted = await CliAsync(node, "listings", "delete", id);
        var afterDelete = await CliAsync(node, "listings", "search", "--tag", "laptop", "--json");

        CliAssert.Success(registered);
        Assert.Matches(@"(?m)^Fee:\s+1\.5%$", registered.Stdout);
        Assert.True(Regex.IsMatch(arbitrators.Stdout, $@"(?m)^{node.NodeId}\s+\(me\) Carol\s+1\.5%\s+en,de\s"), arbitrators.ToString());
        CliAssert.Success(created);
        Assert.Equal("CHANGE_KIND_ADDED", Json(watched).GetProperty("kind").GetString());
        Assert.Equal(id, Json(watched).GetProperty("listing").GetProperty("listingId").GetString());
        CliAssert.Success(byText);
        Assert.Matches($@"(?m)^{id}\s+Used ThinkPad X220\s+0\.00200000 BTC\s+1\s+used\s+laptop,thinkpad\s+\(me\) ", byText.Stdout);
        Assert.Equal(id, Assert.Single(Json(byTag).GetProperty("listings").EnumerateArray()).GetProperty("listingId").GetString());
        Assert.Empty(Json(otherTag).GetProperty("listings").EnumerateArray());
        CliAssert.Success(updated);
        var content = Json(shown).GetProperty("content");
        Assert.Equal("180000", content.GetProperty("price").GetProperty("sats").GetString());
        Assert.Equal(2, content.GetProperty("quantity").GetInt32());
        Assert.Equal("Used ThinkPad X220", content.GetProperty("title").GetString());
        Assert.Equal("5000", content.GetProperty("shippingOptions")[0].GetProperty("price").GetProperty("sats").GetString());
        Assert.Contains(id, mine.Stdout, StringComparison.Ordinal);
        CliAssert.Success(deleted);
        Assert.Empty(Json(afterDelete).GetProperty("listings").EnumerateArray());
    }

    private static async Task CreateFundedWalletAsync(ApiNodeProcess node)
    {
        CliAssert.Success(await CliWithStdinAsync(node, Password + "\n", "wallet", "create", "--password-stdin"));
        CliAssert.Success(await CliAsync(node, "wallet", "fund"));
    }

    private static string AddressOf(ProcessResult address) => AddressWord().Match(address.Stdout).Value;

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Stdout);
        return document.RootElement.Clone();
    }

    private static Task<ProcessResult> CliAsync(ApiNodeProcess node, params string[] args) =>
        TradeNodeProcess.RunAsync([.. args, "--datadir", node.DataDirectory]);

    private static Task<ProcessResult> CliWithStdinAsync(ApiNodeProcess node, string stdin, params string[] args) =>
        TradeNodeProcess.RunAsync([.. args, "--datadir", node.DataDirectory], stdin);

    [GeneratedRegex(@"(?m)^[a-z]+( [a-z]+){11}$")]
    private static partial Regex MnemonicLine();

    [GeneratedRegex("bcrt1q[0-9a-z]+")]
    private static partial Regex AddressWord();
}
