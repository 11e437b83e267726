namespace TradeNode.Tests.Commands;

internal static class CliAssert
{
    /// <summary>Exit code 2, nothing on stdout, one sentence on stderr, no stack trace, none of the secrets.</summary>
    public static void BadInput(ProcessResult result, params string[] secrets)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Stdout.Length == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.EndsWith(".", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        }
    }

    public static void Success(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Stderr.Length == 0, result.ToString());
    }
}
