namespace TradeNode.Bitcoin.Tests.Fuzzing;

internal sealed class FuzzReport
{
    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public TimeSpan Slowest { get; set; }

    public List<string> Failures { get; } = [];

    public int Total => Accepted + Rejected + Failures.Count;

    public override string ToString() =>
        $"{Total} inputs: {Accepted} accepted, {Rejected} rejected with FormatException, {Failures.Count} failures, slowest {Slowest.TotalMilliseconds:0} ms";
}
