namespace TradeNode.Chain.Bitcoind;

/// <summary>One retry of an RPC call: which attempt comes next and what failed.</summary>
public sealed class BitcoindRetryEventArgs(int nextAttempt, Exception? failure) : EventArgs
{
    public int NextAttempt { get; } = nextAttempt;

    public Exception? Failure { get; } = failure;
}
