namespace TradeNode.Tests.Commands;

/// <summary>Bad input to tradenode node and tradenode bundle: exit 2 and one sentence, before anything starts.</summary>
public class NodeAndBundleInputTests
{
    [Theory]
    [InlineData("node", "--p2p-port", "70000")]
    [InlineData("node", "--p2p-port", "0", "--seed", "no-port")]
    [InlineData("node", "--p2p-port", "0", "--control-port", "abc")]
    [InlineData("node", "--p2p-port", "0", "--p2p-bind", "not-an-ip")]
    [InlineData("node", "--p2p-port", "0", "--p2p-announce", "no-port")]
    [InlineData("bundle", "export", "--out")]
    [InlineData("bundle", "import")]
    public async Task Bad_node_and_bundle_arguments_exit_2_with_one_sentence(params string[] args)
    {
        var result = await TradeNodeProcess.RunAsync(args);

        CliAssert.BadInput(result);
    }

    [Fact]
    public async Task Unknown_kinds_and_missing_bundle_files_exit_2_with_one_sentence()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"tradenode-bundle-input-{Guid.NewGuid():N}");
        try
        {
            var kinds = await TradeNodeProcess.RunAsync(["bundle", "export", "--datadir", directory, "--out", Path.Combine(directory, "x.bundle"), "--kinds", "offer,bogus"]);
            var missing = await TradeNodeProcess.RunAsync(["bundle", "import", "--datadir", directory, Path.Combine(directory, "missing.bundle")]);

            CliAssert.BadInput(kinds);
            Assert.Contains("bogus", kinds.Stderr, StringComparison.Ordinal);
            CliAssert.BadInput(missing);
            Assert.Contains("Cannot read", missing.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
