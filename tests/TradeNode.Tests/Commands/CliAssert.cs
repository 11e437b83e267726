namespace TradeNode.Tests.Commands;

internal static class CliAssert
{
    /// <summary>A line of a .NET stack trace ("   at Type.Method(...)"); sentences may say "at most" or "at http://...".</summary>
    private const string StackFrame = @"(?m)^\s*at \S+\(";

    /// <summary>Exit code 2, nothing on stdout, one sentence on stderr, no stack trace, none of the secrets.</summary>
    public static void BadInput(ProcessResult result, params string[] secrets)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.True(result.Stdout.Length == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.EndsWith(".", lines[0], StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame, result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>Exit code 4 (no node to talk to), nothing on stdout, one sentence on stderr, no stack trace.</summary>
    public static void CannotConnect(ProcessResult result) => OneSentenceFailure(result, 4);

    /// <summary>Exit code 3 (the node reported an error), nothing on stdout, one sentence on stderr, no stack trace.</summary>
    public static void ApiError(ProcessResult result) => OneSentenceFailure(result, 3);

    public static void Success(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(result.Stderr.Length == 0, result.ToString());
    }

    private static void OneSentenceFailure(ProcessResult result, int exitCode)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.True(result.Stdout.Length == 0, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.EndsWith(".", lines[0], StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame, result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }
}
