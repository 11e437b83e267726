namespace TradeNode.Chain.Regtest;

/// <summary>
/// A transaction or block broke a rule. <see cref="Reason"/> is Bitcoin Core's reject reason (e.g.
/// <c>bad-txns-inputs-missingorspent</c>), <see cref="Debug"/> its optional detail, <see cref="RpcCode"/> the
/// JSON-RPC error code sendrawtransaction would answer with.
/// </summary>
public sealed class ValidationException : Exception
{
    public const int RpcVerifyError = -25;

    public const int RpcVerifyRejected = -26;

    public const int RpcVerifyAlreadyInChain = -27;

    public ValidationException(string reason, string? debug = null, int rpcCode = RpcVerifyRejected)
        : base(debug is null ? reason : $"{reason}, {debug}")
    {
        Reason = reason;
        Debug = debug;
        RpcCode = rpcCode;
    }

    public ValidationException()
        : this("unknown-error")
    {
    }

    public ValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        RpcCode = RpcVerifyRejected;
    }

    public string Reason { get; }

    public string? Debug { get; }

    public int RpcCode { get; }
}
