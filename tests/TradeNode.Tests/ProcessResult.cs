namespace TradeNode.Tests;

/// <summary>What a finished <c>tradenode</c> process left: exit code and both output streams.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}, stdout [{Stdout}], stderr [{Stderr}]";
}
