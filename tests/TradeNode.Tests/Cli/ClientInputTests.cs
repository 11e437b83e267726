using TradeNode.Tests.Commands;

namespace TradeNode.Tests.Cli;

/// <summary>
/// Bad command lines of client verbs exit 2 with one sentence before any node is looked for (the data directory
/// given does not exist, so reaching for the node would exit 4 instead).
/// </summary>
public class ClientInputTests
{
    private static readonly string Nowhere = Path.Combine(Path.GetTempPath(), $"tradenode-no-node-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("offers", "list", "--direction", "sideways")]
    [InlineData("offers", "list", "--currency", "EURO")]
    [InlineData("offers", "list", "--min-amount", "0.1")]
    [InlineData("offers", "list", "--sort", "cheapest")]
    [InlineData("offers", "create", "--direction", "sell", "--amount", "0.01btc", "--price", "62000.50", "--currency", "EUR", "--payment-method", "SEPA")]
    [InlineData("offers", "create", "--direction", "sell", "--amount", "0.000000001btc", "--price", "62000.50", "--currency", "EUR", "--payment-method", "SEPA", "--arbitrator", "tn1x")]
    [InlineData("offers", "create", "--direction", "sell", "--amount", "0.01btc", "--price", "62,000", "--currency", "EUR", "--payment-method", "SEPA", "--arbitrator", "tn1x")]
    [InlineData("offers", "create", "--direction", "sell", "--amount", "1000", "--min-amount", "2000", "--price", "62000", "--currency", "EUR", "--payment-method", "SEPA", "--arbitrator", "tn1x")]
    [InlineData("offers", "create", "--direction", "buy", "--amount", "1000", "--price", "62000", "--currency", "EUR", "--payment-method", "SEPA", "--arbitrator", "tn1x", "--buyer-deposit", "150%")]
    [InlineData("offers", "get")]
    [InlineData("wallet", "send", "bcrt1qexample", "-5")]
    [InlineData("wallet", "send", "bcrt1qexample", "1.5")]
    [InlineData("wallet", "send", "bcrt1qexample", "1e5")]
    [InlineData("wallet", "send", "bcrt1qexample", "100000", "--fee-rate", "fast")]
    [InlineData("wallet", "create", "--words", "13")]
    [InlineData("wallet", "create", "--password", "secret-password", "--password-stdin")]
    [InlineData("wallet", "unlock", "--timeout", "forever")]
    [InlineData("wallet", "fund", "--blocks", "0")]
    [InlineData("listings", "create", "--price", "5000", "--arbitrator", "tn1x")]
    [InlineData("listings", "create", "--title", "Lamp", "--price", "5 euros", "--arbitrator", "tn1x")]
    [InlineData("listings", "create", "--title", "Lamp", "--price", "25.00EUR", "--arbitrator", "tn1x", "--shipping", "Standard-DE-5")]
    [InlineData("listings", "create", "--title", "Lamp", "--price", "5000", "--arbitrator", "tn1x", "--condition", "broken")]
    [InlineData("listings", "update", "abc")]
    [InlineData("offers", "edit", "abc")]
    [InlineData("listings", "search", "--sort", "random")]
    [InlineData("arbitrators", "register", "--name", "Carol", "--fee", "1%")]
    [InlineData("peers", "add", "localhost")]
    [InlineData("peers", "list", "--api-port", "70000")]
    [InlineData("peers", "list", "--api", "not a url")]
    [InlineData("peers", "list", "--api", "http://127.0.0.1:1", "--api-port", "1")]
    [InlineData("peers", "list", "--network", "moonnet")]
    [InlineData("wallet", "watch", "--count", "0")]
    public async Task Bad_client_arguments_exit_2_with_one_sentence(params string[] args)
    {
        var result = await TradeNodeProcess.RunAsync([.. args, "--datadir", Nowhere]);

        CliAssert.BadInput(result);
    }

    [Fact]
    public async Task Wallet_create_without_a_password_source_asks_for_one_and_never_echoes_a_given_one()
    {
        var missing = await TradeNodeProcess.RunAsync(["wallet", "create", "--datadir", Nowhere], stdin: string.Empty);
        var empty = await TradeNodeProcess.RunAsync(["wallet", "unlock", "--password-stdin", "--datadir", Nowhere], stdin: string.Empty);

        CliAssert.BadInput(missing);
        Assert.Contains("--password-stdin", missing.Stderr, StringComparison.Ordinal);
        CliAssert.BadInput(empty);
        Assert.Contains("stdin ended", empty.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amounts_are_checked_exactly_before_any_node_is_reached()
    {
        // 0.00000001btc is one satoshi and valid: the verb gets as far as looking for the node (exit 4).
        var oneSat = await TradeNodeProcess.RunAsync(["wallet", "send", "bcrt1qexample", "0.00000001btc", "--datadir", Nowhere]);
        var tooPrecise = await TradeNodeProcess.RunAsync(["wallet", "send", "bcrt1qexample", "0.000000015btc", "--datadir", Nowhere]);

        CliAssert.CannotConnect(oneSat);
        CliAssert.BadInput(tooPrecise);
        Assert.Contains("0.000000015btc", tooPrecise.Stderr, StringComparison.Ordinal);
    }
}
