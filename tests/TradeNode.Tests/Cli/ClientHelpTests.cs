using TradeNode.Tests.Commands;

namespace TradeNode.Tests.Cli;

/// <summary><c>--help</c> on every client verb: a description, the usage line, the common options; it needs no node.</summary>
public class ClientHelpTests
{
    public static TheoryData<string, string> Verbs => ClientVerbs.Data();

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Every_client_verb_has_help_with_the_common_options(string area, string verb)
    {
        var result = await TradeNodeProcess.RunAsync([area, verb, "--help"]);

        CliAssert.Success(result);
        Assert.Contains("Description:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"tradenode {area} {verb}", result.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--datadir", "--network", "--api-port", "--api ", "--api-cookie", "--json" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Help_shows_examples_even_when_the_verb_lacks_its_arguments()
    {
        var result = await TradeNodeProcess.RunAsync(["offers", "create", "--help"]);

        CliAssert.Success(result);
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("tradenode offers create --direction sell --amount 0.01btc", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Area_help_lists_each_verb_on_one_line()
    {
        var result = await TradeNodeProcess.RunAsync(["offers", "--help"]);

        CliAssert.Success(result);
        foreach (var verb in ClientVerbs.All.Where(v => v[0] == "offers"))
        {
            Assert.Matches($@"(?m)^  {verb[1]}\b.*\S", result.Stdout);
        }

        Assert.DoesNotContain("Examples:", result.Stdout, StringComparison.Ordinal);
    }
}
