namespace TradeNode.Tests.Commands;

public class TradeNodeCliTests
{
    [Fact]
    public async Task Version_prints_the_version_and_exits_zeroAsync()
    {
        var result = await TradeNodeProcess.RunAsync(["--version"]);

        CliAssert.Success(result);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Stdout);
    }

    [Fact]
    public async Task Help_lists_the_commandsAsync()
    {
        var result = await TradeNodeProcess.RunAsync(["--help"]);

        CliAssert.Success(result);
        Assert.Contains("wallet", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("address", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("walet")]
    [InlineData("wallet", "new-mnemonic", "--bogus")]
    public async Task An_unknown_or_missing_command_is_bad_inputAsync(params string[] args)
    {
        CliAssert.BadInput(await TradeNodeProcess.RunAsync(args));
    }
}
